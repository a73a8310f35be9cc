package dev.sluice.execution.jet;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.failure.Throwables;
import dev.sluice.operators.CaptureSink;
import dev.sluice.operators.Stage;
import dev.sluice.operators.StepErrors;

/**
 * One worker's {@link OutputFn}, in the vertex that calls it: a vertex of steps whose capture steps call
 * the output themselves ({@link JetDataflow#fusesOutput}, see {@link StepsProcessor}), or the output
 * vertex that every vertex's captures go to ({@link OutputProcessor}). Built once per worker, handed
 * what is captured, and closed (flushed) once: when the worker completes, or on a failure or cancel. A
 * failure to close belongs to a capture step, as the seed reports it.
 */
final class WorkerOutput {

    private OutputFn output;
    /** The step index to which a failure of {@link OutputFn#close} belongs. */
    private int closeStep;

    private WorkerOutput(OutputFn output, int closeStep) {
        this.output = output;
        this.closeStep = closeStep;
    }

    /**
     * Builds a worker's output.
     *
     * @param closeStep the capture step to which a failure to close belongs ({@link #closesFor} may set it later)
     */
    static WorkerOutput build(OutputBuilderFn builder, int workerIndex, int workerCount, int closeStep) {
        OutputFn built;
        try {
            built = builder.build(workerIndex, workerCount);
        } catch (Exception e) {
            throw Throwables.sneaky(e);
        }
        if (built == null) {
            throw new NullPointerException("the output builder returned null for worker " + workerIndex);
        }
        return new WorkerOutput(built, closeStep);
    }

    /** A failure to close belongs to the first capture step of the chain that calls this output. */
    void closesFor(WorkerChain chain) {
        closeStep = chain.stages().stream()
                .filter(stage -> stage.operator().equals("capture"))
                .mapToInt(Stage::stepIndex)
                .findFirst()
                .orElse(-1);
    }

    /** Hands one captured pair to the output; the caller attributes a failure to its capture step. */
    void accept(EpochItem<Object> pair) throws Exception {
        output.accept(pair);
    }

    /** Hands what a capture step captures to this worker's output (the capture stage attributes a failure). */
    CaptureSink sink() {
        return (epoch, item) -> output.accept(new EpochItem<>(epoch, item));
    }

    /** Closes (flushes) the output if it is still open; a failure belongs to the capture step. */
    void close() {
        OutputFn closing = output;
        output = null;
        if (closing != null) {
            try {
                closing.close();
            } catch (Throwable t) {
                throw StepErrors.attach(t, closeStep, "capture");
            }
        }
    }

    /** Closes the output if it is still open, as the worker stops: a failure to close is dropped, as Jet reports why it ended. */
    void closeEnding() {
        try {
            close();
        } catch (RuntimeException e) {
            // the run is ending anyway
        }
    }
}
