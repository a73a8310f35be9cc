package dev.sluice.dataflow.fn;

import dev.sluice.dataflow.StateUpdate;
import java.io.Serializable;

/**
 * Returns a key's new state and the value to emit ({@link dev.sluice.dataflow.KeyedDataflow#statefulMap}).
 *
 * <p>Serializable, so that it can travel to the members of a cluster; it may throw any exception,
 * which fails the run and reaches the caller with the step attached.
 */
@FunctionalInterface
public interface StatefulMapperFn<S, V, R> extends Serializable {

    StateUpdate<S, R> apply(S state, V value) throws Exception;
}
