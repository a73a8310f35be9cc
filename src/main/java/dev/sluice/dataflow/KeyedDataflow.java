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
     * each fold, {@code isCompleteFn(aggregator)} decides: if true, {@code (key, aggregator)} is emitted
     * with the epoch of the value just folded and the key is forgotten. Aggregators still open when
     * the input ends are dropped.
     *
     * <pre>{@code
     * // a user's session as the list of their events, emitted at the event that closes it
     * events.reduce((session, more) -> concat(session, more), session -> last(session).isClose())
     * }</pre>
     *
     * @param reducerFn folds a value into the aggregator
     * @param isCompleteFn tells when an aggregator is done; {@code true} emits it and forgets the key
     * @see #reduceEpoch
     * @see #statefulMap
     */
    public KeyedDataflow<I, K, V> reduce(ReducerFn<V> reducerFn, IsCompleteFn<V> isCompleteFn) {
        return keyed(new Step.Reduce(fn(reducerFn, "reduce", "reducer"), fn(isCompleteFn, "reduce", "isComplete")));
    }

    /**
     * <b>reduce_epoch</b>: per key, folds all values of one epoch; when the epoch is complete
     * everywhere, emits {@code (key, aggregator)} with that epoch. Keyed; exchanges by key; the
     * key's state is forgotten once emitted.
     *
     * <pre>{@code
     * words.mapToKeyValue(word -> KeyValue.of(word, 1)).reduceEpoch(Integer::sum)   // (word, count) per epoch
     * }</pre>
     *
     * @param reducerFn folds a value into the aggregator; the first value is the initial aggregator
     * @see #reduceEpochLocal
     * @see #reduce
     */
    public KeyedDataflow<I, K, V> reduceEpoch(ReducerFn<V> reducerFn) {
        return keyed(new Step.ReduceEpoch(fn(reducerFn, "reduce_epoch", "reducer")));
    }

    /**
     * <b>reduce_epoch_local</b>: like {@link #reduceEpoch}, but each worker folds only the items it
     * holds, with no exchange, so a key can be emitted once per worker. Use it to pre-aggregate
     * before a {@link #reduceEpoch} and save network traffic.
     *
     * <pre>{@code
     * counts.reduceEpochLocal(Integer::sum).reduceEpoch(Integer::sum)   // fewer pairs cross the network
     * }</pre>
     *
     * @param reducerFn folds a value into the aggregator; the first value is the initial aggregator
     * @see #reduceEpoch
     */
    public KeyedDataflow<I, K, V> reduceEpochLocal(ReducerFn<V> reducerFn) {
        return keyed(new Step.ReduceEpochLocal(fn(reducerFn, "reduce_epoch_local", "reducer")));
    }

    /**
     * <b>stateful_map</b>: per key, maps each value with a persistent state, in epoch order (as for
     * {@link #reduce}). Keyed; exchanges by key; emits {@code (key, value)} for every input.
     *
     * <p>On a key's first sight (or after it was forgotten) its state is {@code builderFn(key)}. Then
     * {@code mapperFn(state, value)} returns the new state and the value to emit; a {@code null} new
     * state forgets the key (the next value of that key starts again from {@code builderFn}).
     *
     * <pre>{@code
     * // a running count per key that starts over after 3
     * keyed.statefulMap(key -> 0, (n, v) -> n + 1 == 3 ? StateUpdate.of(null, 3) : StateUpdate.of(n + 1, n + 1))
     * }</pre>
     *
     * @param builderFn builds the initial state of a key
     * @param mapperFn returns the new state ({@code null} forgets the key) and the value to emit
     * @see #reduce
     */
    public <S, R> KeyedDataflow<I, K, R> statefulMap(
            StateBuilderFn<K, S> builderFn, StatefulMapperFn<S, V, R> mapperFn) {
        return keyed(
                new Step.StatefulMap(fn(builderFn, "stateful_map", "builder"), fn(mapperFn, "stateful_map", "mapper")));
    }

    @Override
    public KeyedDataflow<I, K, V> filter(FilterFn<? super KeyValue<K, V>> predicateFn) {
        return keyed(new Step.Filter(fn(predicateFn, "filter", "predicate")));
    }

    @Override
    public KeyedDataflow<I, K, V> inspect(InspectFn<? super KeyValue<K, V>> inspectFn) {
        return keyed(new Step.Inspect(fn(inspectFn, "inspect", "inspector")));
    }

    @Override
    public KeyedDataflow<I, K, V> inspectEpoch(InspectEpochFn<? super KeyValue<K, V>> inspectFn) {
        return keyed(new Step.InspectEpoch(fn(inspectFn, "inspect_epoch", "inspector")));
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
