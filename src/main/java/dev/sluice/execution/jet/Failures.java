package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastException;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.failure.Throwables;

/**
 * Finds, in what a failed Jet job reports, the exception a step (or an input or output) threw, so
 * that the caller sees it with its own type, message and {@link StepFailure}, as with the local
 * driver. Jet wraps it in {@code JetException}s ("Exception in ProcessorTasklet…", "Execution on a
 * member failed…") and futures wrap those; Hazelcast may also add a copy of a remote exception, of
 * the same class and message, with the original as its cause. A failure of Jet itself (a member
 * left, the job was cancelled) has no such original and is returned as it is.
 */
final class Failures {

    private Failures() {}

    /** The original failure inside {@code failure}, or {@code failure} when none is found. */
    static Throwable original(Throwable failure) {
        return Throwables.original(failure, Failures::isWrapper);
    }

    /** Hazelcast's own exceptions that only carry another one as their cause. */
    private static boolean isWrapper(Throwable failure) {
        return failure instanceof HazelcastException
                && failure.getCause() != null
                && failure.getClass().getName().startsWith("com.hazelcast.");
    }
}
