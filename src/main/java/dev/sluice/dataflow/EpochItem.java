package dev.sluice.dataflow;

import java.io.Serializable;

/**
 * An item with the epoch it travels in: the seed's {@code (epoch, item)} tuple.
 *
 * <p>Epochs are non-negative; the item may be {@code null}.
 *
 * @param epoch the epoch, {@code >= 0}
 * @param item the item
 * @param <T> the item type
 */
public record EpochItem<T>(long epoch, T item) implements Serializable {

    public EpochItem {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
    }

    /** Shorthand for {@code new EpochItem<>(epoch, item)}. */
    public static <T> EpochItem<T> of(long epoch, T item) {
        return new EpochItem<>(epoch, item);
    }

    @Override
    public String toString() {
        return "(" + epoch + ", " + item + ")";
    }
}
