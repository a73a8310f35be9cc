package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Decides whether an item is kept ({@link dev.sluice.dataflow.Dataflow#filter}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface FilterFn<T> extends Serializable {

    boolean test(T item) throws Exception;
}
