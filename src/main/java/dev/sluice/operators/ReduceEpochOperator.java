package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.ReducerFn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code reduce_epoch} and {@code reduce_epoch_local} (the same logic; only the routing in front of
 * it differs): folds each key's values within an epoch and emits every aggregate of an epoch when
 * the frontier passes it.
 */
final class ReduceEpochOperator extends KeyedOperator {

    private final ReducerFn<Object> reducer;
    private final TreeMap<Long, HashMap<Object, Slot>> openEpochs = new TreeMap<>();
    // The epoch most items go to, cached to skip the tree lookup per item.
    private long lastEpoch = -1;
    private HashMap<Object, Slot> lastAggregators;
    /** The aggregators of every open epoch, kept as a field so that another thread may read it. */
    private int slots;

    ReduceEpochOperator(int stepIndex, Step.Keyed step, ReducerFn<Object> reducer, Downstream next) {
        super(stepIndex, step, next);
        this.reducer = reducer;
    }

    @Override
    public void accept(long epoch, Object item) {
        KeyValue<?, ?> keyValue = keyValue(item);
        HashMap<Object, Slot> aggregators = aggregatorsOf(epoch);
        Object stateKey = stateKey(keyValue.key());
        Slot slot = aggregators.get(stateKey);
        if (slot == null) {
            aggregators.put(stateKey, new Slot(keyValue.key(), keyValue.value()));
            slots++;
            return;
        }
        try {
            slot.value = reducer.apply(slot.value, keyValue.value());
        } catch (Throwable t) {
            throw failure(t);
        }
    }

    private HashMap<Object, Slot> aggregatorsOf(long epoch) {
        if (epoch != lastEpoch) {
            lastAggregators = openEpochs.computeIfAbsent(epoch, e -> new HashMap<>());
            lastEpoch = epoch;
        }
        return lastAggregators;
    }

    @Override
    public void advanceTo(long frontier) {
        while (!openEpochs.isEmpty() && openEpochs.firstKey() < frontier) {
            emitEpoch(openEpochs.pollFirstEntry());
        }
    }

    @Override
    public void finish() {
        while (!openEpochs.isEmpty()) {
            emitEpoch(openEpochs.pollFirstEntry());
        }
    }

    private void emitEpoch(Map.Entry<Long, HashMap<Object, Slot>> epoch) {
        if (epoch.getKey() == lastEpoch) {
            lastEpoch = -1;
            lastAggregators = null;
        }
        long e = epoch.getKey();
        slots -= epoch.getValue().size();
        for (Slot slot : epoch.getValue().values()) {
            itemsOut++;
            next.accept(e, KeyValue.of(slot.key, slot.value));
        }
    }

    /** Each key's aggregate in every open epoch. */
    @Override
    public List<KeySnapshot> snapshot() {
        Map<Object, SnapshotBuilder> byKey = new LinkedHashMap<>();
        openEpochs.forEach((epoch, aggregators) -> aggregators.forEach(
                (stateKey, slot) -> byKey.computeIfAbsent(stateKey, k -> new SnapshotBuilder(slot.key, false, null))
                        .add(epoch, slot.value)));
        List<KeySnapshot> snapshots = new ArrayList<>(byKey.size());
        byKey.values().forEach(builder -> snapshots.add(builder.build()));
        return snapshots;
    }

    @Override
    public void restore(KeySnapshot snapshot) {
        Object stateKey = stateKey(snapshot.key());
        long[] epochs = snapshot.epochs();
        Object[] values = snapshot.values();
        for (int i = 0; i < epochs.length; i++) {
            HashMap<Object, Slot> aggregators = aggregatorsOf(epochs[i]);
            Slot slot = aggregators.get(stateKey);
            if (slot == null) {
                aggregators.put(stateKey, new Slot(snapshot.key(), values[i]));
                slots++;
            } else {
                try {
                    slot.value = reducer.apply(slot.value, values[i]);
                } catch (Throwable t) {
                    throw failure(t);
                }
            }
        }
    }

    @Override
    public int keyCount() {
        return slots;
    }
}
