package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Builds the initial state of a key on first sight ({@link dev.sluice.dataflow.KeyedDataflow#statefulMap}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface StateBuilderFn<K, S> extends Serializable {

    S apply(K key) throws Exception;
}
