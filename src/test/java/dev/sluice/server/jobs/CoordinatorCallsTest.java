package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.sluice.failure.Throwables;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A call to Jet's coordinator is made again while the member it went to has left, and only then. */
class CoordinatorCallsTest {

    @Test
    void aCallWhoseCoordinatorLeftIsMadeAgainAndAnswers() {
        AtomicInteger calls = new AtomicInteger();

        String answer = CoordinatorCalls.retried(() -> {
            if (calls.incrementAndGet() == 1) {
                // as Jet throws it: the checked exception, unchecked
                throw Throwables.sneaky(new MemberLeftException("the master left"));
            }
            if (calls.get() == 2) {
                throw new TargetNotMemberException("not a member any more");
            }
            return "RUNNING";
        });

        assertThat(answer).isEqualTo("RUNNING");
        assertThat(calls).hasValue(3);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> CoordinatorCalls.retried(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("no such job");
        }));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("no such job");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aCoordinatorThatKeepsLeavingFailsTheCallAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();

        Throwable thrown = catchThrowable(() -> CoordinatorCalls.retried(() -> {
            calls.incrementAndGet();
            throw Throwables.sneaky(new MemberLeftException("the master left"));
        }));

        assertThat(thrown).isInstanceOf(MemberLeftException.class);
        assertThat(calls).hasValue(CoordinatorCalls.ATTEMPTS);
    }
}
