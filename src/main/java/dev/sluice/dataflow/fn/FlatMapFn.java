package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Transforms one item into any number of items ({@link dev.sluice.dataflow.Dataflow#flatMap}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface FlatMapFn<T, R> extends Serializable {

    Iterable<? extends R> apply(T item) throws Exception;
}
