package dev.sluice.operators;

import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.NotKeyValueException;
import dev.sluice.dataflow.Step;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The logic of one keyed step on one worker, knowing nothing of the engine that drives it.
 *
 * <p>A driver calls {@link #accept} with each item routed to this worker, {@link #advanceTo} when
 * progress says earlier epochs are complete everywhere, and {@link #finish} when the input has ended.
 * Whatever the operator emits goes to the {@code next} {@link Downstream} given at construction,
 * synchronously, from within those calls.
 *
 * <p>The frontier is the lowest epoch that may still arrive: {@code advanceTo(f)} means every epoch
 * below {@code f} is complete. It starts at 0, since epochs are non-negative.
 */
public abstract sealed class KeyedOperator extends Stage permits EpochOrderedOperator, ReduceEpochOperator {

    KeyedOperator(int stepIndex, Step.Keyed step, Downstream next) {
        super(stepIndex, step, next, true);
    }

    /** Builds the logic of a keyed step (drivers build it through {@link Stage#of}). */
    static KeyedOperator of(Step.Keyed step, int stepIndex, Downstream next) {
        if (step instanceof Step.Reduce reduce) {
            return new ReduceOperator(stepIndex, reduce, next);
        } else if (step instanceof Step.StatefulMap statefulMap) {
            return new StatefulMapOperator(stepIndex, statefulMap, next);
        } else if (step instanceof Step.ReduceEpoch reduceEpoch) {
            return new ReduceEpochOperator(stepIndex, reduceEpoch, reduceEpoch.reducer(), next);
        } else if (step instanceof Step.ReduceEpochLocal local) {
            return new ReduceEpochOperator(stepIndex, local, local.reducer(), next);
        }
        throw new IllegalArgumentException("unknown keyed step " + step);
    }

    /** Every epoch below {@code frontier} is complete everywhere; a lower or equal value is ignored. */
    public abstract void advanceTo(long frontier);

    /** The input has ended: every epoch is complete. */
    public abstract void finish();

    /**
     * The number of keys this worker holds state for, across open epochs (a key in two open epochs of
     * {@code reduce_epoch} counts twice). A field's read, so another thread may ask while it runs.
     */
    public abstract int keyCount();

    /**
     * What this operator holds, one {@link KeySnapshot} per key, for an engine's snapshot. Changes
     * nothing; the snapshots share no mutable structure with the operator, but the states and values
     * in them are the operator's own objects, so they must be written out before it runs on.
     */
    public abstract List<KeySnapshot> snapshot();

    /**
     * Takes back what a snapshot held for one key, before any input after a restart. A key may come
     * back to a worker that already holds it only for {@code reduce_epoch_local}, whose partial
     * aggregates are per worker: those of the same epoch are then reduced together.
     */
    public abstract void restore(KeySnapshot snapshot);

    /** The item as a key/value pair, or a clear error naming this step. */
    final KeyValue<?, ?> keyValue(Object item) {
        if (item instanceof KeyValue<?, ?> keyValue) {
            return keyValue;
        }
        throw failure(new NotKeyValueException(stepIndex, operator, item));
    }

    /**
     * The key as held in a hash map: byte arrays compare by identity, so they are wrapped to compare
     * by content, as {@link dev.sluice.exhash.Exhash} hashes them.
     */
    static Object stateKey(Object key) {
        return key instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : key;
    }

    /** Collects one key's values per epoch into a {@link KeySnapshot}. */
    static final class SnapshotBuilder {
        private final Object key;
        private final boolean hasState;
        private final Object state;
        private final List<Long> epochs = new ArrayList<>(1);
        private final List<Object> values = new ArrayList<>(1);

        SnapshotBuilder(Object key, boolean hasState, Object state) {
            this.key = key;
            this.hasState = hasState;
            this.state = state;
        }

        void add(long epoch, Object value) {
            epochs.add(epoch);
            values.add(value);
        }

        KeySnapshot build() {
            return new KeySnapshot(
                    key,
                    hasState,
                    state,
                    epochs.stream().mapToLong(Long::longValue).toArray(),
                    values.toArray());
        }
    }

    /** One key's state: the key as the user gave it, and its aggregator or state. */
    static final class Slot {
        final Object key;
        Object value;

        Slot(Object key, Object value) {
            this.key = key;
            this.value = value;
        }
    }
}
