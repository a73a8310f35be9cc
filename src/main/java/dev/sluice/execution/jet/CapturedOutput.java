package dev.sluice.execution.jet;

import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.operators.StepErrors;

/**
 * Closing (flushing) the output a vertex's capture steps write to, in the vertex that calls it
 * ({@link StepsProcessor}, when the output is fused) or in an output vertex of its own ({@link
 * OutputProcessor}): a failure to close belongs to the capture step, as the seed reports it.
 */
final class CapturedOutput {

    private CapturedOutput() {}

    /** Closes {@code output}; a failure is attached to {@code captureStep}. */
    static void close(OutputFn output, int captureStep) {
        try {
            output.close();
        } catch (Throwable t) {
            throw StepErrors.attach(t, captureStep, "capture");
        }
    }

    /** The same for a run that failed or was cancelled: a failure to close is dropped, as Jet reports why it ended. */
    static void closeEnding(OutputFn output, int captureStep) {
        try {
            close(output, captureStep);
        } catch (RuntimeException e) {
            // the run is ending anyway
        }
    }
}
