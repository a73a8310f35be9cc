package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** Each key's aggregator or state, by {@link #stateKey}. */
    final HashMap<Object, Slot> states = new HashMap<>();

    private final TreeMap<Long, ArrayList<KeyValue<?, ?>>> stash = new TreeMap<>();
    /** The epoch this operator was last advanced to: values of later epochs wait in the stash. */
    private long frontier;

    EpochOrderedOperator(int stepIndex, Step.Keyed step, Downstream next) {
        super(stepIndex, step, next);
    }

    /**
     * Applies one value, in epoch order, emitting with {@code epoch}.
     *
     * @param stateKey the value's key as {@link #states} holds it
     * @param slot the key's state, or {@code null} when it has none
     */
    abstract void apply(long epoch, KeyValue<?, ?> keyValue, Object stateKey, Slot slot);

    private void apply(long epoch, KeyValue<?, ?> keyValue) {
        Object stateKey = stateKey(keyValue.key());
        apply(epoch, keyValue, stateKey, states.get(stateKey));
    }

    @Override
    public final int keyCount() {
        return states.size();
    }

    /**
     * Each key's state and stashed values. The frontier is not kept: after a restart it comes back
     * from the engine's progress, and until then every value waits in the stash, as it should.
     */
    @Override
    public final List<KeySnapshot> snapshot() {
        Map<Object, SnapshotBuilder> byKey = new LinkedHashMap<>();
        states.forEach((stateKey, slot) -> byKey.put(stateKey, new SnapshotBuilder(slot.key, true, slot.value)));
        stash.forEach((epoch, keyValues) -> {
            for (KeyValue<?, ?> keyValue : keyValues) {
                byKey.computeIfAbsent(stateKey(keyValue.key()), k -> new SnapshotBuilder(keyValue.key(), false, null))
                        .add(epoch, keyValue.value());
            }
        });
        List<KeySnapshot> snapshots = new ArrayList<>(byKey.size());
        byKey.values().forEach(builder -> snapshots.add(builder.build()));
        return snapshots;
    }

    @Override
    public final void restore(KeySnapshot snapshot) {
        if (snapshot.hasState()) {
            states.put(stateKey(snapshot.key()), new Slot(snapshot.key(), snapshot.state()));
        }
        long[] epochs = snapshot.epochs();
        Object[] values = snapshot.values();
        for (int i = 0; i < epochs.length; i++) {
            stash.computeIfAbsent(epochs[i], e -> new ArrayList<>()).add(KeyValue.of(snapshot.key(), values[i]));
        }
    }

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
