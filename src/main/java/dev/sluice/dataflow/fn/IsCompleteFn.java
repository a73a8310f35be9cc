package dev.sluice.dataflow.fn;

import java.io.Serializable;

/**
 * Tells {@link dev.sluice.dataflow.KeyedDataflow#reduce} that an aggregator is complete: it is emitted and the key forgotten.
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface IsCompleteFn<V> extends Serializable {

    boolean test(V aggregator) throws Exception;
}
