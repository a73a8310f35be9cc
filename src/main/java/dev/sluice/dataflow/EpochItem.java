package dev.sluice.dataflow;

import java.io.Serializable;

/**
 * An item with the epoch it travels in: the seed's {@code (epoch, item)} tuple.
 *
 * <p>Epochs go from 0 to {@link #MAX_EPOCH}; the item may be {@code null}.
 *
 * @param epoch the epoch, {@code 0 <= epoch <= MAX_EPOCH}
 * @param item the item
 * @param <T> the item type
 */
public record EpochItem<T>(long epoch, T item) implements Serializable {

    /**
     * The highest epoch: {@code Long.MAX_VALUE - 2}. A cluster driver marks progress with the epoch as
     * a Jet watermark, and Jet reserves {@code Long.MAX_VALUE} (idle); {@code Long.MAX_VALUE - 1} marks
     * the end of the input.
     */
    public static final long MAX_EPOCH = Long.MAX_VALUE - 2;

    public EpochItem {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be non-negative, got " + epoch);
        }
        if (epoch > MAX_EPOCH) {
            throw new IllegalArgumentException("epochs go up to " + MAX_EPOCH + " (Long.MAX_VALUE - 2), got " + epoch);
        }
    }

    /** Shorthand for {@code new EpochItem<>(epoch, item)}. */
    public static <T> EpochItem<T> of(long epoch, T item) {
        return new EpochItem<>(epoch, item);
    }

    /**
     * A progress marker for an input: not an item, but the statement that this worker's input has
     * reached {@code epoch}, so every earlier epoch is complete for it (the seed's later
     * {@code AdvanceTo}). An input that gives no items for a while, but knows time has moved on, yields
     * one so that other workers' epochs can complete. Drivers never pass it to the flow.
     */
    @SuppressWarnings("unchecked")
    public static <T> EpochItem<T> advanceTo(long epoch) {
        return new EpochItem<>(epoch, (T) AdvanceMarker.INSTANCE);
    }

    /** Whether this is a progress marker from {@link #advanceTo(long)} rather than an item. */
    public boolean isAdvance() {
        return item == AdvanceMarker.INSTANCE;
    }

    /** The item of {@link #advanceTo} markers; one per JVM, also after deserialization. */
    private enum AdvanceMarker {
        INSTANCE;

        @Override
        public String toString() {
            return "advance";
        }
    }

    @Override
    public String toString() {
        return "(" + epoch + ", " + item + ")";
    }
}
