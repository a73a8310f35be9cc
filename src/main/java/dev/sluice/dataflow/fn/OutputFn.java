package dev.sluice.dataflow.fn;

import dev.sluice.dataflow.EpochItem;

/**
 * Receives every {@code (epoch, item)} that passes a capture step on one worker.
 *
 * <p>Made on the worker by an {@link OutputBuilderFn}, so it need not be serializable. It is called
 * from that worker's thread only; there is no ordering guarantee beyond the epochs themselves.
 */
@FunctionalInterface
public interface OutputFn {

    void accept(EpochItem<Object> epochItem) throws Exception;
}
