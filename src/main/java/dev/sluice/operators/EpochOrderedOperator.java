package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * A keyed operator that sees values in epoch order ({@code reduce}, {@code stateful_map}).
 *
 * <p>A value of epoch {@code e} is applied at once when {@code e} is at or below the frontier (every
 * earlier epoch is complete); otherwise it is stashed by epoch, and stashed epochs are applied in
 * order as the frontier passes them, as timely's {@code state_machine} does.
 */
abstract sealed class EpochOrderedOperator extends KeyedOperator permits ReduceOperator, StatefulMapOperator {

    private final TreeMap<Long, ArrayList<KeyValue<?, ?>>> stash = new TreeMap<>();
    private long frontier;

    EpochOrderedOperator(int stepIndex, Step.Keyed step, Downstream next) {
        super(stepIndex, step, next);
    }

    /** Applies one value, in epoch order, emitting with {@code epoch}. */
    abstract void apply(long epoch, KeyValue<?, ?> keyValue);

    @Override
    public final void accept(long epoch, Object item) {
        KeyValue<?, ?> keyValue = keyValue(item);
        if (epoch <= frontier) {
            apply(epoch, keyValue);
        } else {
            stash.computeIfAbsent(epoch, e -> new ArrayList<>()).add(keyValue);
        }
    }

    @Override
    public final void advanceTo(long newFrontier) {
        if (newFrontier <= frontier) {
            return;
        }
        frontier = newFrontier;
        applyStashedUpTo(newFrontier);
    }

    @Override
    public final void finish() {
        frontier = Long.MAX_VALUE;
        applyStashedUpTo(Long.MAX_VALUE);
    }

    private void applyStashedUpTo(long lastEpoch) {
        while (!stash.isEmpty() && stash.firstKey() <= lastEpoch) {
            Map.Entry<Long, ArrayList<KeyValue<?, ?>>> epoch = stash.pollFirstEntry();
            long e = epoch.getKey();
            for (KeyValue<?, ?> keyValue : epoch.getValue()) {
                apply(e, keyValue);
            }
        }
    }

    /** The number of values waiting for their epoch to come up. */
    final int stashedCount() {
        return stash.values().stream().mapToInt(ArrayList::size).sum();
    }
}
