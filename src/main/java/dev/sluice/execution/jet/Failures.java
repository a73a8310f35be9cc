package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastException;
import dev.sluice.dataflow.StepFailure;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Finds, in what a failed Jet job reports, the exception a step (or an input or output) threw, so
 * that the caller sees it with its own type, message and {@link StepFailure}, as with the local
 * driver. Jet wraps it in {@code JetException}s ("Exception in ProcessorTasklet…", "Execution on a
 * member failed…") and futures wrap those; Hazelcast may also add a copy of a remote exception, of
 * the same class and message, with the original as its cause. A failure of Jet itself (a member
 * left, the job was cancelled) has no such original and is returned as it is.
 */
final class Failures {

    private static final int MAX_DEPTH = 64;

    private Failures() {}

    /** The original failure inside {@code failure}, or {@code failure} when none is found. */
    static Throwable original(Throwable failure) {
        Throwable firstPlain = null;
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
            if (StepFailure.of(current).isPresent()) {
                return current;
            }
            if (firstPlain == null && !isWrapper(current)) {
                firstPlain = current;
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
        }
        if (firstPlain == null) {
            return failure;
        }
        // skip Hazelcast's copies of a remote exception: same class, same message, original as cause
        Throwable original = firstPlain;
        while (original.getCause() != null && original.getCause() != original
                && original.getCause().getClass() == original.getClass()
                && Objects.equals(original.getCause().getMessage(), original.getMessage())) {
            original = original.getCause();
        }
        return original;
    }

    /** Futures' and Hazelcast's own exceptions that only carry another one as their cause. */
    private static boolean isWrapper(Throwable failure) {
        return failure instanceof CompletionException
                || failure instanceof ExecutionException
                || failure instanceof HazelcastException && failure.getCause() != null
                        && failure.getClass().getName().startsWith("com.hazelcast.");
    }

    /** Throws any throwable, checked or not, without wrapping it. */
    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable failure) throws E {
        throw (E) failure;
    }
}
