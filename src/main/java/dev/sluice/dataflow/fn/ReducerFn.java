package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Folds a value into an aggregator; the first value of a key is its initial aggregator.
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface ReducerFn<V> extends Serializable {

    V apply(V aggregator, V value) throws Exception;
}
