package dev.sluice.dataflow;

import dev.sluice.dataflow.fn.FilterFn;
import dev.sluice.dataflow.fn.InspectEpochFn;
import dev.sluice.dataflow.fn.InspectFn;
import dev.sluice.dataflow.fn.IsCompleteFn;
import dev.sluice.dataflow.fn.ReducerFn;
import dev.sluice.dataflow.fn.StateBuilderFn;
import dev.sluice.dataflow.fn.StatefulMapperFn;
import java.util.List;

/**
 * A {@link Dataflow} whose items are {@link KeyValue} pairs: the only kind of flow that offers the
 * keyed operators, which keep state per key.
 *
 * <p>Keyed operators route every key to exactly one worker of the whole cluster (by
 * {@link dev.sluice.exhash.Exhash}), except {@link #reduceEpochLocal}, which folds on the worker
 * that holds the item. Their output is key/value pairs again, so keyed steps chain.
 *
 * @param <I> the type of the flow's input items
 * @param <K> the key type
 * @param <V> the value type
 */
public final class KeyedDataflow<I, K, V> extends Dataflow<I, KeyValue<K, V>> {

    KeyedDataflow(ItemType inputType, List<Step> steps) {
        super(inputType, steps);
    }

    /**
     * <b>reduce</b>: per key, folds values into an aggregator <em>in epoch order</em>, and emits it
     * when it is complete. Keyed; exchanges by key.
     *
     * <p>The first value of a key is its initial aggregator. Values of epoch {@code e} are folded only
     * after every earlier epoch is complete everywhere; within an epoch, in no defined order. After
     * each fold, {@code isComplete(aggregator)} decides: if true, {@code (key, aggregator)} is emitted
     * with the epoch of the value just folded and the key is forgotten. Aggregators still open when
     * the input ends are dropped.
     *
     * @param reducer folds a value into the aggregator
     * @param isComplete tells when an aggregator is done
     * @see #reduceEpoch
     */
    public KeyedDataflow<I, K, V> reduce(ReducerFn<V> reducer, IsCompleteFn<V> isComplete) {
        return keyed(new Step.Reduce(fn(reducer, "reduce", "reducer"), fn(isComplete, "reduce", "isComplete")));
    }

    /**
     * <b>reduce_epoch</b>: per key, folds all values of one epoch; when the epoch is complete
     * everywhere, emits {@code (key, aggregator)} with that epoch. Keyed; exchanges by key.
     *
     * @param reducer folds a value into the aggregator; the first value is the initial aggregator
     * @see #reduceEpochLocal
     */
    public KeyedDataflow<I, K, V> reduceEpoch(ReducerFn<V> reducer) {
        return keyed(new Step.ReduceEpoch(fn(reducer, "reduce_epoch", "reducer")));
    }

    /**
     * <b>reduce_epoch_local</b>: like {@link #reduceEpoch}, but each worker folds only the items it
     * holds, with no exchange, so a key can be emitted once per worker. Use it to pre-aggregate
     * before a {@link #reduceEpoch} and save network traffic.
     *
     * @param reducer folds a value into the aggregator; the first value is the initial aggregator
     */
    public KeyedDataflow<I, K, V> reduceEpochLocal(ReducerFn<V> reducer) {
        return keyed(new Step.ReduceEpochLocal(fn(reducer, "reduce_epoch_local", "reducer")));
    }

    /**
     * <b>stateful_map</b>: per key, maps each value with a persistent state, in epoch order (as for
     * {@link #reduce}). Keyed; exchanges by key; emits {@code (key, value)} for every input.
     *
     * <p>On a key's first sight (or after it was forgotten) its state is {@code builder(key)}. Then
     * {@code mapper(state, value)} returns the new state and the value to emit; a {@code null} new
     * state forgets the key.
     *
     * @param builder builds the initial state of a key
     * @param mapper returns the new state and the value to emit
     */
    public <S, R> KeyedDataflow<I, K, R> statefulMap(StateBuilderFn<K, S> builder, StatefulMapperFn<S, V, R> mapper) {
        return keyed(new Step.StatefulMap(
                fn(builder, "stateful_map", "builder"), fn(mapper, "stateful_map", "mapper")));
    }

    @Override
    public KeyedDataflow<I, K, V> filter(FilterFn<? super KeyValue<K, V>> predicate) {
        return keyed(new Step.Filter(fn(predicate, "filter", "predicate")));
    }

    @Override
    public KeyedDataflow<I, K, V> inspect(InspectFn<? super KeyValue<K, V>> inspector) {
        return keyed(new Step.Inspect(fn(inspector, "inspect", "inspector")));
    }

    @Override
    public KeyedDataflow<I, K, V> inspectEpoch(InspectEpochFn<? super KeyValue<K, V>> inspector) {
        return keyed(new Step.InspectEpoch(fn(inspector, "inspect_epoch", "inspector")));
    }

    @Override
    public KeyedDataflow<I, K, V> capture() {
        return keyed(new Step.Capture());
    }

    @Override
    public KeyedDataflow<I, K, V> validate() {
        super.validate();
        return this;
    }

    private <K2, V2> KeyedDataflow<I, K2, V2> keyed(Step step) {
        return new KeyedDataflow<>(inputType(), append(step));
    }
}
