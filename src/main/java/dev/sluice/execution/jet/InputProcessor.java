package dev.sluice.execution.jet;

import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.dataflow.fn.InputBuilderFn;
import java.util.Iterator;

/**
 * One worker's input, and the steps fused behind it up to the first exchange. Builds the input on
 * its member with {@code inputBuilder.build(workerIndex, workerCount)} and pushes it through the
 * chain. When the input moves from epoch {@code e} to {@code e' > e} (and at its first epoch), every
 * epoch below {@code e'} is complete for this worker: its own keyed operators advance, and a
 * {@code Watermark(e')} goes downstream, where Jet coalesces the watermarks of every worker.
 *
 * <p>Not cooperative: an input may block (a socket, a queue), which must not stall Jet's shared
 * threads.
 */
final class InputProcessor extends StepsProcessor {

    /** How many input items one call takes at most, so that Jet regains control now and then. */
    private static final int MAX_ITEMS_PER_CALL = 4096;

    /** How long one call reads input at most, so that a slow input does not keep Jet from cancelling. */
    private static final long MAX_NANOS_PER_CALL = 10_000_000;

    private final InputBuilderFn<Object> inputBuilder;
    private Iterator<? extends EpochItem<?>> input;
    private long epoch = -1;
    private long count;

    InputProcessor(VertexPlan plan, Workers workers, InputBuilderFn<Object> inputBuilder) {
        super(plan, workers);
        this.inputBuilder = inputBuilder;
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    public boolean complete() {
        long offersBefore = offers();
        if (!drain()) {
            return false;
        }
        if (input == null) {
            input = openInput();
        }
        long deadline = System.nanoTime() + MAX_NANOS_PER_CALL;
        for (int n = 0; n < MAX_ITEMS_PER_CALL; n++) {
            if (!input.hasNext()) {
                return super.complete();
            }
            EpochItem<?> epochItem = input.next();
            if (epochItem == null) {
                throw new NullPointerException(
                        "input pair " + count + " of worker " + workerIndex + " is null; give EpochItem.of(epoch, item)");
            }
            count++;
            long itemEpoch = epochItem.epoch();
            if (itemEpoch != epoch) {
                if (itemEpoch < epoch) {
                    throw new EpochOrderException(epoch, itemEpoch);
                }
                epoch = itemEpoch;
                advance(new Watermark(itemEpoch));
            }
            if (epochItem.isAdvance()) {
                // A progress marker is also how a waiting input hands control back, so that Jet can
                // cancel the job: it does not interrupt a blocked input.
                return false;
            }
            head.accept(itemEpoch, epochItem.item());
            if (!drained() || System.nanoTime() > deadline) {
                return false;
            }
        }
        if (offers() == offersBefore) {
            signalProgress();
        }
        return false;
    }

    private Iterator<? extends EpochItem<?>> openInput() {
        Iterable<? extends EpochItem<?>> iterable;
        try {
            iterable = inputBuilder.build(workerIndex, workers.workerCount());
        } catch (Exception e) {
            throw Failures.sneaky(e);
        }
        if (iterable == null) {
            throw new NullPointerException("the input builder returned null for worker " + workerIndex
                    + "; return an empty list for a worker with no input");
        }
        return iterable.iterator();
    }
}
