package dev.sluice.execution.jet;

import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.operators.StepErrors;

/**
 * One worker's output: every vertex sends what its capture steps saw on this worker here (inbound
 * ordinal {@code k} comes from the flow's {@code k}-th capture step), and it goes to the
 * {@link OutputFn} that {@code outputBuilder.build(workerIndex, workerCount)} made, once, on this
 * member. A failure of the output is attributed to the capture step, as in the local driver.
 *
 * <p>Not cooperative: an output may block (a file, a socket).
 */
final class OutputProcessor implements Processor {

    private final OutputBuilderFn outputBuilder;
    private final int[] captureSteps;
    private final Workers workers;
    private OutputFn output;

    OutputProcessor(OutputBuilderFn outputBuilder, int[] captureSteps, Workers workers) {
        this.outputBuilder = outputBuilder;
        this.captureSteps = captureSteps;
        this.workers = workers;
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    public void init(Outbox outbox, Context context) throws Exception {
        int workerIndex = workers.index(context.localProcessorIndex());
        output = outputBuilder.build(workerIndex, workers.workerCount());
        if (output == null) {
            throw new NullPointerException("the output builder returned null for worker " + workerIndex);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Inbox inbox) {
        for (Object item; (item = inbox.poll()) != null; ) {
            try {
                output.accept((EpochItem<Object>) item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, captureSteps[ordinal], "capture");
            }
        }
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        return true;
    }

    /** All input is in: the output closes (and flushes) before the worker counts as done. */
    @Override
    public boolean complete() {
        closeOutput();
        return true;
    }

    /** A failed or cancelled run closes the output too, so nothing it holds leaks. */
    @Override
    public void close() {
        if (output != null) {
            try {
                closeOutput();
            } catch (RuntimeException e) {
                // the run is ending anyway; Jet reports why it ended
            }
        }
    }

    private void closeOutput() {
        OutputFn closing = output;
        output = null;
        if (closing == null) {
            return;
        }
        try {
            closing.close();
        } catch (Throwable t) {
            throw StepErrors.attach(t, captureSteps[0], "capture");
        }
    }
}
