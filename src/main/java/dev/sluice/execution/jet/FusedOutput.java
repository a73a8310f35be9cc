package dev.sluice.execution.jet;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.failure.Throwables;
import dev.sluice.operators.CaptureSink;
import dev.sluice.operators.Stage;

/**
 * The flow's output as a vertex of steps calls it itself ({@link JetDataflow#fusesOutput}, see
 * {@link StepsProcessor}): built once per worker, handed what the vertex's capture steps capture, and
 * closed (flushed) once, when the worker completes or on a failure or cancel. A failure to close belongs
 * to the vertex's first capture step ({@link CapturedOutput}).
 */
final class FusedOutput {

    private OutputFn output;
    /** The step index of the vertex's first capture, to which a failure of {@link OutputFn#close} belongs. */
    private int firstCaptureStep = -1;

    private FusedOutput(OutputFn output) {
        this.output = output;
    }

    /** Builds a worker's output. */
    static FusedOutput build(OutputBuilderFn builder, int workerIndex, int workerCount) {
        OutputFn built;
        try {
            built = builder.build(workerIndex, workerCount);
        } catch (Exception e) {
            throw Throwables.sneaky(e);
        }
        if (built == null) {
            throw new NullPointerException("the output builder returned null for worker " + workerIndex);
        }
        return new FusedOutput(built);
    }

    /** Where a failure to close goes: the first capture step of the chain that calls this output. */
    void closesFor(WorkerChain chain) {
        firstCaptureStep = chain.stages().stream()
                .filter(stage -> stage.operator().equals("capture"))
                .mapToInt(Stage::stepIndex)
                .findFirst()
                .orElse(-1);
    }

    /** Hands what a capture step captures to this worker's output (the capture stage attributes a failure). */
    CaptureSink sink() {
        return (epoch, item) -> output.accept(new EpochItem<>(epoch, item));
    }

    /** Closes (flushes) the output; a failure belongs to the capture step. */
    void close() {
        OutputFn closing = output;
        output = null;
        if (closing != null) {
            CapturedOutput.close(closing, firstCaptureStep);
        }
    }

    /** Closes the output if it is still open, as the worker stops: a failure to close is dropped, as Jet reports why it ended. */
    void closeEnding() {
        OutputFn closing = output;
        output = null;
        if (closing != null) {
            CapturedOutput.closeEnding(closing, firstCaptureStep);
        }
    }
}
