package dev.sluice.operators;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one keyed step holds for one key on one worker, as it goes into an engine's snapshot and
 * comes back, possibly on another worker: the key's state, and the values it holds per epoch.
 *
 * <ul>
 *   <li>{@code reduce}, {@code stateful_map}: the aggregator or state (if the key has one), and the
 *       values stashed for epochs the frontier has not reached yet, in arrival order;</li>
 *   <li>{@code reduce_epoch}, {@code reduce_epoch_local}: no state; one aggregate per open epoch.</li>
 * </ul>
 *
 * @param key the key as the user gave it
 * @param hasState whether {@code state} holds a state ({@code null} may be a user's value)
 * @param state the key's state
 * @param epochs the epoch of each value
 * @param values the values, parallel to {@code epochs}
 */
public record KeySnapshot(Object key, boolean hasState, Object state, long[] epochs, Object[] values)
        implements Serializable {

    public KeySnapshot {
        Objects.requireNonNull(epochs, "epochs");
        Objects.requireNonNull(values, "values");
        if (epochs.length != values.length) {
            throw new IllegalArgumentException(epochs.length + " epochs for " + values.length + " values");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeySnapshot that
                && hasState == that.hasState
                && Objects.equals(key, that.key)
                && Objects.equals(state, that.state)
                && Arrays.equals(epochs, that.epochs)
                && Arrays.deepEquals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, hasState, state, Arrays.hashCode(epochs), Arrays.deepHashCode(values));
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("KeySnapshot[").append(key);
        if (hasState) {
            text.append(", state=").append(state);
        }
        for (int i = 0; i < epochs.length; i++) {
            text.append(", (").append(epochs[i]).append(", ").append(values[i]).append(')');
        }
        return text.append(']').toString();
    }
}
