package dev.sluice.exhash;

import dev.sluice.dataflow.KeyValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A consistent hash of a key: the same 64-bit value in every JVM, process and run, so that every
 * process of a cluster routes a key to the same worker. It never uses {@link Object#hashCode}.
 *
 * <h2>Supported keys</h2>
 *
 * Following the seed's {@code exhash}: integers of any size ({@link Byte}, {@link Short}, {@link
 * Integer}, {@link Long}, {@link BigInteger}, as Python's {@code int}), {@link Boolean} (Python's
 * {@code bool} is an int), {@link String} and {@link Character}, {@code byte[]}, and, built from
 * those, {@link KeyValue} and any {@link List} (both hashed as a tuple) and any {@link Set} (hashed
 * in its elements' natural order, so they must be mutually {@link Comparable}). Anything else,
 * {@code null} included, is refused with an {@link UnsupportedKeyException}: map such a key to a
 * {@code String} or a number first.
 *
 * <h2>Encoding</h2>
 *
 * A key is turned into a sequence of 64-bit words, each value as its content words followed by one
 * trailer word {@code (n << 8) | tag}:
 *
 * <table>
 *   <caption>Words of each supported value</caption>
 *   <tr><th>value</th><th>content words</th><th>n</th><th>tag</th></tr>
 *   <tr><td>integer in the {@code long} range; {@code true}/{@code false}</td><td>the value as a
 *       two's complement {@code long}; 1/0</td><td>8</td><td>1</td></tr>
 *   <tr><td>integer beyond the {@code long} range</td><td>its shortest two's complement bytes
 *       ({@link BigInteger#toByteArray}), little-endian, packed</td><td>byte count (9 or more)</td>
 *       <td>1</td></tr>
 *   <tr><td>{@code String}, {@code Character}</td><td>its UTF-8 bytes, as {@code
 *       getBytes(UTF_8)} gives them (an unpaired surrogate becomes {@code '?'}), packed</td>
 *       <td>byte count</td><td>2</td></tr>
 *   <tr><td>{@code byte[]}</td><td>its bytes, packed</td><td>byte count</td><td>3</td></tr>
 *   <tr><td>{@code KeyValue}, {@code List}</td><td>each element's words, in order (key then value)
 *       </td><td>element count</td><td>4</td></tr>
 *   <tr><td>{@code Set}</td><td>each element's words, in ascending natural order (for strings,
 *       {@link String#compareTo}: UTF-16 order)</td><td>element count</td><td>5</td></tr>
 * </table>
 *
 * <p>"Packed" means little-endian: byte {@code k} goes to bits {@code 8 * (k % 8)} of content word
 * {@code k / 8}, the last word padded with zero bytes (so no word at all for zero bytes). The
 * trailer makes the sequence decodable from its end, so keys that differ in structure give
 * different sequences. For example, {@code KeyValue.of("a", 1)} is the words {@code 0x61, 0x102}
 * ("a"), {@code 1, 0x801} (1), {@code 0x204} (a pair), and hashes to {@code 0x056bf493fde8e74b}.
 *
 * <p>The words {@code w} are hashed with the round and final avalanche of XXH64, in a single lane
 * (all constants are XXH64's {@code PRIME64_1..5}):
 *
 * <pre>{@code
 * acc = PRIME64_5
 * for each word w:  acc ^= rotl(w * PRIME64_2, 31) * PRIME64_1
 *                   acc  = rotl(acc, 27) * PRIME64_1 + PRIME64_4
 * acc ^= acc >>> 33;  acc *= PRIME64_2;  acc ^= acc >>> 29;  acc *= PRIME64_3;  acc ^= acc >>> 32
 * return acc
 * }</pre>
 *
 * <p>The words are computed as the key is walked (strings are encoded to UTF-8 on the fly), so
 * hashing integers, strings, characters, byte arrays, and {@code KeyValue}s and {@link
 * java.util.RandomAccess} lists ({@code List.of}, {@code ArrayList}) of them allocates nothing; other
 * lists allocate their iterator, and a {@code Set} one array to sort its elements.
 *
 * <h2>What hashes alike</h2>
 *
 * By design, so that keys that mean the same hash the same: integers with the same value whatever
 * their class ({@code 5}, {@code 5L}, {@code (byte) 5}), {@code true} and {@code 1}, {@code false}
 * and {@code 0}; a {@code Character} and the one-character {@code String}; a {@code KeyValue} and
 * the two-element {@code List} of its key and value; any two {@code List}s (or {@code Set}s) with
 * equal elements, whatever their implementation; and a string with unpaired surrogates and the same
 * string with {@code '?'} in their place. Unlike the seed, which feeds every part into one hasher
 * without framing, {@code ("ab", "c")} and {@code ("a", "bc")}, {@code (1, 2)} and {@code ((1), (2))},
 * {@code "abc"} and the bytes {@code abc}, or a list and a set of the same elements, do not collide
 * (other than by the 2<sup>-64</sup> chance of any two keys). A {@code List} that contains itself
 * cannot be hashed (as with {@link List#hashCode}, the walk does not end).
 *
 * <pre>{@code
 * Exhash.hash("user-42") == Exhash.hash("user-42")        // in every JVM, every run
 * Exhash.hash(5) == Exhash.hash(5L)
 * Exhash.partition(KeyValue.of("eu", 7), 8)                // in [0, 8)
 * }</pre>
 */
public final class Exhash {

    static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    static final long PRIME64_3 = 0x165667B19E3779F9L;
    static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    static final long PRIME64_5 = 0x27D4EB2F165667C5L;

    static final int TAG_INTEGER = 1;
    static final int TAG_STRING = 2;
    static final int TAG_BYTES = 3;
    static final int TAG_TUPLE = 4;
    static final int TAG_SET = 5;

    private static final long INTEGER_TRAILER = (8L << 8) | TAG_INTEGER;
    private static final long PAIR_TRAILER = (2L << 8) | TAG_TUPLE;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final String SUPPORTED = "Exhash supports Integer, Long, Short, Byte, BigInteger, Boolean, "
            + "String, Character, byte[], and KeyValue, List (hashed as a tuple) and Set (hashed in sorted order, "
            + "so its elements must be mutually Comparable) of these";
    private static final String FIX = "map the key to a String or a number first (e.g. with String.valueOf or an "
            + "id) in the step before the keyed step";

    private Exhash() {}

    /**
     * The consistent 64-bit hash of a key; see the class documentation for the exact encoding.
     *
     * @param key an integer, boolean, string, character, byte array, or a {@code KeyValue}, list or
     *     set of those
     * @return the hash, the same in every process and run
     * @throws UnsupportedKeyException if the key (or a part of it) is of another type or {@code null}
     */
    public static long hash(Object key) {
        return avalanche(update(PRIME64_5, key, key));
    }

    /**
     * The partition, in {@code [0, count)}, that a key belongs to: the hash taken as unsigned, modulo
     * {@code count}. On Jet, keyed steps put a key in Jet partition {@code partition(key, 271)}
     * (Jet's partition count), and Jet gives each partition to exactly one worker of the cluster: so
     * a key always lives on one worker, though not necessarily worker
     * {@code partition(key, workerCount)} as in the seed.
     *
     * @param key a key {@link #hash} accepts
     * @param count the number of partitions, positive
     * @return {@code (int) Long.remainderUnsigned(hash(key), count)}
     * @throws IllegalArgumentException if {@code count} is not positive
     * @throws UnsupportedKeyException if the key cannot be hashed
     */
    public static int partition(Object key, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        return (int) Long.remainderUnsigned(hash(key), count);
    }

    /** XXH64's round, from a zero accumulator, folded into {@code acc}: mixes one more word in. */
    static long round(long acc, long word) {
        acc ^= Long.rotateLeft(word * PRIME64_2, 31) * PRIME64_1;
        return Long.rotateLeft(acc, 27) * PRIME64_1 + PRIME64_4;
    }

    /** XXH64's final avalanche: every input bit affects every output bit. */
    static long avalanche(long acc) {
        acc ^= acc >>> 33;
        acc *= PRIME64_2;
        acc ^= acc >>> 29;
        acc *= PRIME64_3;
        acc ^= acc >>> 32;
        return acc;
    }

    /** Mixes the words of {@code value} into {@code acc}; {@code root} is the whole key, for messages. */
    private static long update(long acc, Object value, Object root) {
        // Most frequent key types first.
        if (value instanceof String s) {
            return Utf8Words.updateString(acc, s);
        }
        if (value instanceof Integer i) {
            return updateLong(acc, i);
        }
        if (value instanceof Long l) {
            return updateLong(acc, l);
        }
        if (value instanceof KeyValue<?, ?> kv) {
            acc = update(acc, kv.key(), root);
            acc = update(acc, kv.value(), root);
            return round(acc, PAIR_TRAILER);
        }
        if (value instanceof Character c) {
            return Utf8Words.updateChar(acc, c);
        }
        if (value instanceof Short || value instanceof Byte) {
            return updateLong(acc, ((Number) value).longValue());
        }
        if (value instanceof Boolean b) {
            return updateLong(acc, b ? 1 : 0);
        }
        if (value instanceof byte[] bytes) {
            return updateBytes(acc, bytes);
        }
        if (value instanceof List<?> list) {
            return updateList(acc, list, root);
        }
        if (value instanceof Set<?> set) {
            return updateSet(acc, set, root);
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? updateLong(acc, big.longValue()) : updateBigInteger(acc, big);
        }
        throw unsupported(value, root);
    }

    private static long updateLong(long acc, long value) {
        return round(round(acc, value), INTEGER_TRAILER);
    }

    private static long updateBytes(long acc, byte[] bytes) {
        return updatePacked(acc, bytes, TAG_BYTES);
    }

    /**
     * An integer beyond the {@code long} range: its shortest two's complement bytes, little-endian,
     * packed, with their count (at least 9, so never the 8 of a {@code long}) in the trailer.
     */
    private static long updateBigInteger(long acc, BigInteger big) {
        byte[] bytes = big.toByteArray(); // big-endian
        for (int i = 0, j = bytes.length - 1; i < j; i++, j--) {
            byte b = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = b;
        }
        return updatePacked(acc, bytes, TAG_INTEGER);
    }

    /** Mixes in {@code bytes} packed little-endian, then the trailer {@code (length << 8) | tag}. */
    private static long updatePacked(long acc, byte[] bytes, int tag) {
        int length = bytes.length;
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            acc = round(acc, (long) LONG_LE.get(bytes, i));
        }
        if (i < length) {
            long word = 0;
            for (int k = 0; i + k < length; k++) {
                word |= (bytes[i + k] & 0xFFL) << (k << 3);
            }
            acc = round(acc, word);
        }
        return round(acc, ((long) length << 8) | tag);
    }

    private static long updateList(long acc, List<?> list, Object root) {
        long count = 0;
        if (list instanceof RandomAccess) {
            int size = list.size();
            for (int i = 0; i < size; i++) {
                acc = update(acc, list.get(i), root);
            }
            count = size;
        } else {
            for (Object element : list) {
                acc = update(acc, element, root);
                count++;
            }
        }
        return round(acc, (count << 8) | TAG_TUPLE);
    }

    private static long updateSet(long acc, Set<?> set, Object root) {
        Object[] elements = set.toArray();
        for (Object element : elements) {
            if (element == null) {
                throw unsupported(null, root);
            }
            if (!(element instanceof Comparable)) {
                throw unsortable(set, elements, root);
            }
        }
        try {
            Arrays.sort(elements);
        } catch (ClassCastException e) {
            throw unsortable(set, elements, root);
        }
        for (Object element : elements) {
            acc = update(acc, element, root);
        }
        return round(acc, ((long) elements.length << 8) | TAG_SET);
    }

    private static UnsupportedKeyException unsupported(Object value, Object root) {
        String what = value == null
                ? "cannot hash a null key"
                : "cannot hash a key of type " + value.getClass().getTypeName() + ", value " + abbreviate(value);
        return new UnsupportedKeyException(what + foundIn(value, root) + ": keys are routed to workers by a hash "
                + "that must be the same in every process, and " + SUPPORTED + "; " + FIX);
    }

    private static UnsupportedKeyException unsortable(Set<?> set, Object[] elements, Object root) {
        Set<String> types = new LinkedHashSet<>();
        for (Object element : elements) {
            types.add(element.getClass().getTypeName());
        }
        return new UnsupportedKeyException("cannot hash the Set " + abbreviate(set) + foundIn(set, root)
                + ": a Set is hashed in its elements' natural order, so that equal sets hash alike, but its "
                + "elements (of types " + types.stream().collect(Collectors.joining(", ")) + ") are not "
                + "mutually Comparable; " + SUPPORTED + "; " + FIX + ", or use a List in a fixed order");
    }

    private static String foundIn(Object value, Object root) {
        return value == root ? "" : " (found in the key " + abbreviate(root) + ")";
    }

    private static String abbreviate(Object value) {
        String text;
        try {
            if (value != null && value.getClass().isArray()) {
                String wrapped = Arrays.deepToString(new Object[] {value});
                text = wrapped.substring(1, wrapped.length() - 1);
            } else {
                text = String.valueOf(value);
            }
        } catch (RuntimeException e) {
            text = value.getClass().getTypeName() + "@" + Integer.toHexString(System.identityHashCode(value));
        }
        return text.length() <= 80 ? "`" + text + "`" : "`" + text.substring(0, 77) + "...`";
    }
}
