package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Transforms one item into one item ({@link dev.sluice.dataflow.Dataflow#map}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface MapFn<T, R> extends Serializable {

    R apply(T item) throws Exception;
}
