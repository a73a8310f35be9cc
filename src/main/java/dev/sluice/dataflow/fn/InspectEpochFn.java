package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Observes an item and its epoch ({@link dev.sluice.dataflow.Dataflow#inspectEpoch}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface InspectEpochFn<T> extends Serializable {

    void accept(long epoch, T item) throws Exception;
}
