package dev.sluice.server.jobs;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.sluice.failure.Throwables;
import java.util.function.Supplier;

/**
 * The calls to Jet's coordinator (the master) that answer a request, asked again when the coordinator left
 * during the call. Jet sends such a call to the master it knew and does not retry it when that member
 * goes: the call fails with {@link MemberLeftException} (or {@link TargetNotMemberException}) while the
 * next master is in place already. Unretried, a job's status read as its coordinator was killed answered
 * an input body {@code 500} (seen in issue 16's runs, with the master killed during the body).
 */
final class CoordinatorCalls {

    /** Calls in all, 50, 100, 200 and 400 ms apart: enough for a master change, not for a cluster that is gone. */
    static final int ATTEMPTS = 5;

    private static final long FIRST_PAUSE_MILLIS = 50;

    private CoordinatorCalls() {}

    /** Jet's status of {@code job}. */
    static JobStatus status(Job job) {
        return retried(job::getStatus);
    }

    /** Whether a user cancelled {@code job} (it has failed). */
    static boolean isUserCancelled(Job job) {
        return retried(job::isUserCancelled);
    }

    /** {@code call}, made again while it fails because the member it went to left; other failures at once. */
    static <T> T retried(Supplier<T> call) {
        long pause = FIRST_PAUSE_MILLIS;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (Exception e) { // Jet throws MemberLeftException, a checked one, unchecked
                if (attempt == ATTEMPTS || !coordinatorLeft(e)) {
                    throw Throwables.sneaky(e);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw Throwables.sneaky(e);
                }
                pause *= 2;
            }
        }
    }

    /** Whether {@code failure} says the member a call went to left (or was no member any more). */
    static boolean coordinatorLeft(Throwable failure) {
        return Throwables.firstCause(
                        failure,
                        cause -> cause instanceof MemberLeftException
                                || cause instanceof TargetNotMemberException
                                || cause instanceof TargetDisconnectedException)
                .isPresent();
    }
}
