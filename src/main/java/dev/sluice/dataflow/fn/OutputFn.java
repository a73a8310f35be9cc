package dev.sluice.dataflow.fn;

import dev.sluice.dataflow.EpochItem;

/**
 * Receives every {@code (epoch, item)} that passes a capture step on one worker.
 *
 * <p>Made on the worker by an {@link OutputBuilderFn}, so it need not be serializable. It is called
 * from that worker's thread only; there is no ordering guarantee beyond the epochs themselves.
 * {@link #close()} is called once when the worker is done, whether the run succeeded or not, so an
 * output that buffers (a file, a batch for a remote store) can flush.
 */
@FunctionalInterface
public interface OutputFn extends AutoCloseable {

    void accept(EpochItem<Object> epochItem) throws Exception;

    /** The worker is done: flush and release what the output holds. Does nothing by default. */
    @Override
    default void close() throws Exception {}
}
