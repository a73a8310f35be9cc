package dev.sluice.dataflow;

import dev.sluice.dataflow.fn.FilterFn;
import dev.sluice.dataflow.fn.FlatMapFn;
import dev.sluice.dataflow.fn.InspectEpochFn;
import dev.sluice.dataflow.fn.InspectFn;
import dev.sluice.dataflow.fn.IsCompleteFn;
import dev.sluice.dataflow.fn.MapFn;
import dev.sluice.dataflow.fn.ReducerFn;
import dev.sluice.dataflow.fn.StateBuilderFn;
import dev.sluice.dataflow.fn.StatefulMapperFn;
import java.io.Serializable;

/**
 * One step of a {@link Dataflow}: a record per operator, holding that operator's functions.
 *
 * <p>Drivers translate a flow by switching over these records. {@link #operator()} is the seed's
 * snake_case name, the one users see on the wire and in error messages: the record's name in
 * snake_case ({@code ReduceEpochLocal} is {@code reduce_epoch_local}), so a record is named after
 * the seed's operator.
 */
public sealed interface Step extends Serializable {

    /** The seed's name of this step's operator, e.g. {@code reduce_epoch}. */
    default String operator() {
        return OperatorNames.NAMES.get(getClass());
    }

    /** Whether this step holds state per key, and so needs key/value items routed by key. */
    default boolean keyed() {
        return this instanceof Keyed;
    }

    /** The steps that keep state per key. */
    sealed interface Keyed extends Step {}

    /** Whether this keyed step exchanges items between workers, so that each key lives on one. */
    default boolean exchanges() {
        return keyed() && !(this instanceof ReduceEpochLocal);
    }

    record Map(MapFn<Object, Object> mapper) implements Step {}

    record FlatMap(FlatMapFn<Object, Object> mapper) implements Step {}

    record Filter(FilterFn<Object> predicate) implements Step {}

    record Inspect(InspectFn<Object> inspector) implements Step {}

    record InspectEpoch(InspectEpochFn<Object> inspector) implements Step {}

    record Reduce(ReducerFn<Object> reducer, IsCompleteFn<Object> isComplete) implements Keyed {}

    record ReduceEpoch(ReducerFn<Object> reducer) implements Keyed {}

    record ReduceEpochLocal(ReducerFn<Object> reducer) implements Keyed {}

    record StatefulMap(StateBuilderFn<Object, Object> builder, StatefulMapperFn<Object, Object, Object> mapper)
            implements Keyed {}

    record Capture() implements Step {}
}
