package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Observes an item without changing it ({@link dev.sluice.dataflow.Dataflow#inspect}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface InspectFn<T> extends Serializable {

    void accept(T item) throws Exception;
}
