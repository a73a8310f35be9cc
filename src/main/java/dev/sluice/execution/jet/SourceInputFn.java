package dev.sluice.execution.jet;

import com.hazelcast.jet.core.ProcessorMetaSupplier;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;

/**
 * An input that is a Jet source of its own (Jet's Kafka connector, say), run in a vertex {@code source}
 * in front of the flow's {@code input} vertex, one processor per worker, each feeding the worker with
 * the same index (an isolated edge).
 *
 * <p>The source emits {@link EpochItem}s and Jet {@link com.hazelcast.jet.core.Watermark}s whose value
 * is an epoch: {@code Watermark(e)} says that every epoch below {@code e} is complete for that worker
 * (its idle message, that it has nothing at all). It keeps its own position in Jet's snapshots. An item
 * that comes after a watermark above its epoch (a late one) is not dropped: the worker moves it into
 * the lowest epoch still open, {@code e}. Runs only on Jet: {@link #build} refuses.
 *
 * @param <I> the item type
 */
public interface SourceInputFn<I> extends InputBuilderFn<I> {

    /** The source vertex's processors; the vertex runs one per worker ({@code workersPerProcess} a member). */
    ProcessorMetaSupplier source();

    @Override
    default Iterable<EpochItem<I>> build(int workerIndex, int workerCount) {
        throw new UnsupportedOperationException(
                getClass().getName() + " is a Jet source: it runs only in a job on Jet (JetDataflow.dag)");
    }
}
