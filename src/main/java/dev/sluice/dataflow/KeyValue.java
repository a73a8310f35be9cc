package dev.sluice.dataflow;

import java.io.Serializable;
import java.util.Objects;

/**
 * A key/value item: the seed's {@code (key, value)} tuple, the input of every keyed operator.
 *
 * <p>The key must not be {@code null} (it decides which worker holds the state), and it must be a
 * type {@link dev.sluice.exhash.Exhash} can hash when the flow runs on more than one worker.
 * The value may be {@code null}.
 *
 * @param key the key, never {@code null}
 * @param value the value
 * @param <K> the key type
 * @param <V> the value type
 */
public record KeyValue<K, V>(K key, V value) implements Serializable {

    public KeyValue {
        Objects.requireNonNull(key, "the key of a KeyValue must not be null");
    }

    /** Shorthand for {@code new KeyValue<>(key, value)}. */
    public static <K, V> KeyValue<K, V> of(K key, V value) {
        return new KeyValue<>(key, value);
    }

    @Override
    public String toString() {
        return "(" + key + ", " + value + ")";
    }
}
