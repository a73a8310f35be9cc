package dev.sluice.execution.log;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import java.util.Iterator;

/**
 * An input that is one ordered log which every worker reads whole, each taking its share (item
 * {@code i} goes to worker {@code i % workerCount}; see {@link LogShare}). Because the log can be read
 * again from any item, an engine that keeps each worker's position in its snapshots can resume such
 * an input after a failure without losing or repeating an item.
 *
 * @param <I> the item type
 */
public interface LogInputFn<I> extends InputBuilderFn<I> {

    /**
     * Reads the log from its item {@code from} (counting items, not progress markers): the items in
     * log order, which is epoch order, with {@link EpochItem#advanceTo} markers in between while it
     * waits for more (a marker hands control back to the engine). It ends once the log is closed and
     * read to its end. Called on the member that runs the worker.
     */
    Iterator<EpochItem<I>> read(long from) throws Exception;

    /**
     * The hook for retention: the engine tells the log where a worker stands for good, so that the log
     * may drop what every worker of a run has passed ({@link LogPosition} says when that is safe).
     * With a processing guarantee it is called once a snapshot that holds the worker's position has
     * committed (Jet's {@code snapshotCommitFinish}), with the position saved in that snapshot;
     * without one, now and then as the worker reads, with the position it has read to. Called on the
     * engine's thread of the worker: it must not block (send it off asynchronously) and not throw.
     * The default keeps everything.
     */
    default void passed(LogPosition position) {}

    /**
     * The index of the first item the log still holds: a run that starts afresh (without a
     * guarantee, or before any snapshot) reads from there, as every item below it was dropped by
     * retention after every worker had passed it. The default: 0, the log keeps everything.
     */
    default long firstKept() throws Exception {
        return 0;
    }

    /**
     * Whether the log's reader never blocks: {@link #read} returns at once, and its iterator's
     * {@code hasNext} and {@code next} return at once too, with an {@link EpochItem#advanceTo} marker of
     * the current epoch whenever nothing is there yet (a read issued, a result not in). An engine may
     * then run the worker on its shared threads instead of one of its own, so that a log nobody feeds
     * costs no thread. The default, {@code false}, suits a log that waits for its items.
     */
    default boolean cooperative() {
        return false;
    }

    /** This worker's share of the whole log, from its start. */
    @Override
    default Iterable<EpochItem<I>> build(int workerIndex, int workerCount) throws Exception {
        Iterator<EpochItem<I>> log = read(0);
        return () -> new LogShare<>(log, 0, workerIndex, workerCount, LogProgress.NONE);
    }
}
