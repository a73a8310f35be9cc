package dev.sluice.exhash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.dataflow.KeyValue;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ExhashTest {

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    @Nested
    class PortedFromTheSeed {

        @Test
        void testExhashInt() {
            assertThat(Exhash.hash(5)).isEqualTo(Exhash.hash(5));
            assertThat(Exhash.hash(-5)).isEqualTo(Exhash.hash(-5));
            assertThat(Exhash.hash(5)).isNotEqualTo(Exhash.hash(4));
            assertThat(Exhash.hash(-5)).isNotEqualTo(Exhash.hash(5));
        }

        @Test
        void testExhashStr() {
            assertThat(Exhash.hash("hello")).isEqualTo(Exhash.hash("hello"));
            assertThat(Exhash.hash("hello")).isNotEqualTo(Exhash.hash("world"));
        }

        @Test
        void testExhashBytes() {
            assertThat(Exhash.hash(bytes("hello"))).isEqualTo(Exhash.hash(bytes("hello")));
            assertThat(Exhash.hash(bytes("hello"))).isNotEqualTo(Exhash.hash(bytes("world")));
        }

        @Test
        void testExhashTuple() {
            assertThat(Exhash.hash(List.of(1, 2))).isEqualTo(Exhash.hash(List.of(1, 2)));
            assertThat(Exhash.hash(List.of(1, 2))).isNotEqualTo(Exhash.hash(List.of(2, 1)));
            assertThat(Exhash.hash(KeyValue.of(1, 2))).isNotEqualTo(Exhash.hash(KeyValue.of(2, 1)));
        }

        @Test
        void testExhashFrozenset() {
            assertThat(Exhash.hash(Set.of(1, 2, 3))).isEqualTo(Exhash.hash(new TreeSet<>(List.of(3, 2, 1))));
            assertThat(Exhash.hash(Set.of(1, 2, 3))).isNotEqualTo(Exhash.hash(Set.of(4, 5, 6)));
        }

        @Test
        void testCantExhashDict() {
            Map<String, Integer> dict = new HashMap<>(Map.of("a", 1, "b", 2));
            assertThatThrownBy(() -> Exhash.hash(dict))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageContaining("java.util.HashMap");
        }
    }

    @Nested
    class GoldenValues {

        // Pinned so that any change of the encoding or the mixing fails here: other processes and
        // earlier runs route by these values.

        @Test
        void integersHashToTheirPinnedValues() {
            assertThat(Exhash.hash(0)).isEqualTo(0x21b33f84f0736ca9L);
            assertThat(Exhash.hash(5)).isEqualTo(0xa8f76c82171ac193L);
            assertThat(Exhash.hash(-5)).isEqualTo(0xa065092ad2faf08eL);
            assertThat(Exhash.hash(Long.MIN_VALUE)).isEqualTo(0xe8720d19a87f76e3L);
        }

        @Test
        void stringsAndBytesHashToTheirPinnedValues() {
            assertThat(Exhash.hash("")).isEqualTo(0xf35b0311c8cf6ab6L);
            assertThat(Exhash.hash("hello")).isEqualTo(0x3f17682e042a0acfL);
            assertThat(Exhash.hash("h\u00e9llo w\u00f6rld \u2713 \uD83D\uDE00")).isEqualTo(0x763bb0f3072e1cc4L);
            assertThat(Exhash.hash(bytes("hello"))).isEqualTo(0x6014f630db89ed61L);
        }

        @Test
        void compositesHashToTheirPinnedValues() {
            assertThat(Exhash.hash(KeyValue.of("a", 1))).isEqualTo(0x056bf493fde8e74bL);
            assertThat(Exhash.hash(List.of(1, 2))).isEqualTo(0x7cc85fa57044f4cfL);
            assertThat(Exhash.hash(Set.of(1, 2, 3))).isEqualTo(0x9acbac3e86b9cac8L);
        }
    }

    @Nested
    class Mixing {

        private long word(String eightAsciiBytes) {
            return ByteBuffer.wrap(bytes(eightAsciiBytes))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getLong();
        }

        @Test
        void roundAndAvalancheAreXxh64s() {
            // XXH64 (seed 0) of up to 31 bytes, a multiple of 8, is these steps from PRIME64_5 + length;
            // the expected values are what the reference xxh64sum prints.
            assertThat(Exhash.avalanche(Exhash.PRIME64_5)).isEqualTo(0xef46db3751d8e999L); // ""
            assertThat(Exhash.avalanche(Exhash.round(Exhash.PRIME64_5 + 8, word("abcdefgh"))))
                    .isEqualTo(0x3ad351775b4634b7L);
            assertThat(Exhash.avalanche(
                            Exhash.round(Exhash.round(Exhash.PRIME64_5 + 16, word("abcdefgh")), word("12345678"))))
                    .isEqualTo(0x41af2b0f3c3f9d95L);
        }
    }

    @Nested
    class EqualKeysOfDifferentClasses {

        @Test
        void integersOfEveryClassHashByValue() {
            long expected = Exhash.hash(5L);
            assertThat(Exhash.hash(5)).isEqualTo(expected);
            assertThat(Exhash.hash((short) 5)).isEqualTo(expected);
            assertThat(Exhash.hash((byte) 5)).isEqualTo(expected);
            assertThat(Exhash.hash(BigInteger.valueOf(5))).isEqualTo(expected);
            assertThat(Exhash.hash(-1)).isEqualTo(Exhash.hash(-1L)).isEqualTo(Exhash.hash((byte) -1));
            assertThat(Exhash.hash(BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(Exhash.hash(Long.MIN_VALUE));
        }

        @Test
        void booleansHashAsOneAndZeroAsPythonBoolsDo() {
            assertThat(Exhash.hash(true)).isEqualTo(Exhash.hash(1));
            assertThat(Exhash.hash(false)).isEqualTo(Exhash.hash(0));
            assertThat(Exhash.hash(true)).isNotEqualTo(Exhash.hash(false));
        }

        @Test
        void aCharacterHashesAsTheOneCharacterString() {
            for (char c : new char[] {'a', 'é', '€', '\u07FF', '\u0800', '\uFFFF', '\uD800', '\uDFFF'}) {
                assertThat(Exhash.hash(c)).as("char U+%04X", (int) c).isEqualTo(Exhash.hash(String.valueOf(c)));
            }
        }

        @Test
        void aKeyValueHashesAsTheTwoElementList() {
            assertThat(Exhash.hash(KeyValue.of("eu", 7))).isEqualTo(Exhash.hash(List.of("eu", 7)));
        }

        @Test
        void listsAndSetsHashByElementsWhateverTheirImplementation() {
            assertThat(Exhash.hash(new ArrayList<>(List.of("a", "b"))))
                    .isEqualTo(Exhash.hash(new LinkedList<>(List.of("a", "b"))))
                    .isEqualTo(Exhash.hash(Arrays.asList("a", "b")));
            assertThat(Exhash.hash(new HashSet<>(List.of("x", "y", "z"))))
                    .isEqualTo(Exhash.hash(new TreeSet<>(List.of("z", "y", "x"))))
                    .isEqualTo(Exhash.hash(Set.of("y", "z", "x")));
        }
    }

    @Nested
    class Structure {

        @Test
        void partsDoNotRunIntoEachOther() {
            // The seed's hasher collides all of these; the trailer words keep them apart.
            assertThat(Exhash.hash(List.of("ab", "c"))).isNotEqualTo(Exhash.hash(List.of("a", "bc")));
            assertThat(Exhash.hash(List.of(1, 2))).isNotEqualTo(Exhash.hash(List.of(List.of(1), List.of(2))));
            assertThat(Exhash.hash(List.of(1, 2))).isNotEqualTo(Exhash.hash(List.of(List.of(1, 2))));
            assertThat(Exhash.hash("abc")).isNotEqualTo(Exhash.hash(bytes("abc")));
            assertThat(Exhash.hash("abc")).isNotEqualTo(Exhash.hash(List.of("abc")));
            assertThat(Exhash.hash(List.of(1, 2))).isNotEqualTo(Exhash.hash(Set.of(1, 2)));
        }

        @Test
        void emptyValuesOfEachKindDiffer() {
            Set<Long> hashes = new HashSet<>(List.of(
                    Exhash.hash(""),
                    Exhash.hash(new byte[0]),
                    Exhash.hash(List.of()),
                    Exhash.hash(Set.of()),
                    Exhash.hash(List.of(List.of())),
                    Exhash.hash(0)));
            assertThat(hashes).hasSize(6);
        }

        @Test
        void trailingZeroBytesAreNotPadding() {
            assertThat(Exhash.hash(new byte[] {1})).isNotEqualTo(Exhash.hash(new byte[] {1, 0}));
            assertThat(Exhash.hash("a")).isNotEqualTo(Exhash.hash("a\0"));
            assertThat(Exhash.hash(new byte[8])).isNotEqualTo(Exhash.hash(new byte[16]));
        }

        @Test
        void anUnpairedSurrogateHashesAsAQuestionMarkAsGetBytesEncodesIt() {
            assertThat(Exhash.hash("a\uD800b")).isEqualTo(Exhash.hash("a?b"));
        }
    }

    @Nested
    class Utf8OnTheFly {

        @Test
        void trickyStringsHashAsTheirGetBytesEncoding() {
            List<String> tricky = List.of(
                    "",
                    "a",
                    "1234567",
                    "12345678",
                    "123456789",
                    "123456789012345",
                    "1234567890123456",
                    "é",
                    "aé",
                    "1234567é",
                    "123456é",
                    "€",
                    "1234567€",
                    "12345€",
                    "😀",
                    "a😀",
                    "1234567😀",
                    "12345😀b",
                    "a😀b😀c😀d😀",
                    "\u07FF\u0800\uFFFF\u0080\u007F",
                    "\uD800",
                    "\uDC00x",
                    "abc\uD83D",
                    "\uDE00\uD83D",
                    "é1234567890abcdef",
                    "😀abcdefghijklmnop",
                    "ab€cdefghijklmnopq",
                    "abc\uD800defghijklmnop",
                    "1234567\uD83D\uDE00",
                    "ééééééééé",
                    "𝄞𝄞𝄞𝄞𝄞",
                    "ascii then ümlaut then 漢字 then 😀 then ascii again, long enough for several words");
            for (String s : tricky) {
                assertThat(Exhash.hash(s)).as("hash of %s", s).isEqualTo(Reference.hash(s));
            }
        }

        @Test
        void randomStringsWithSurrogatesHashAsTheirGetBytesEncoding() {
            Random random = new Random(7);
            char[] alphabet = {
                'a', 'Z', '0', '\u007F', '\u0080', 'é', '\u07FF', '\u0800', '€', '漢', '\uFFFF', '\uD83D', '\uDE00',
                '\uD800', '\uDFFF'
            };
            for (int n = 0; n < 2_000; n++) {
                char[] chars = new char[random.nextInt(40)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = random.nextInt(3) == 0
                            ? alphabet[random.nextInt(alphabet.length)]
                            : (char) ('a' + random.nextInt(26));
                }
                String s = new String(chars);
                assertThat(Exhash.hash(s))
                        .as("hash of %s", Arrays.toString(chars))
                        .isEqualTo(Reference.hash(s));
            }
        }
    }

    @Nested
    class MatchesTheDocumentedEncoding {

        @Test
        void nestedKeysHashAsTheClassDocumentationSays() {
            List<Object> keys = List.of(
                    7,
                    -7L,
                    (short) 300,
                    (byte) -128,
                    true,
                    false,
                    BigInteger.valueOf(-42),
                    'x',
                    new byte[0],
                    new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9},
                    bytes("exactly8"),
                    KeyValue.of("k", 1),
                    KeyValue.of(KeyValue.of(1, 2), List.of("a", Set.of(3, 1, 2))),
                    List.of(),
                    List.of(List.of(), List.of("x")),
                    new LinkedList<>(List.of(1, "b", 'c')),
                    Set.of("b", "a", "c"),
                    Set.of(),
                    new TreeSet<>(Set.of(10L, -10L)));
            for (Object key : keys) {
                assertThat(Exhash.hash(key)).as("hash of %s", key).isEqualTo(Reference.hash(key));
            }
        }
    }

    @Nested
    class Partition {

        @Test
        void staysInRangeForEveryCount() {
            Random random = new Random(3);
            for (int n = 0; n < 10_000; n++) {
                int count = 1 + random.nextInt(100);
                assertThat(Exhash.partition(random.nextLong(), count)).isBetween(0, count - 1);
            }
            assertThat(Exhash.partition("anything", 1)).isZero();
            assertThat(Exhash.partition(-5, Integer.MAX_VALUE)).isBetween(0, Integer.MAX_VALUE - 1);
        }

        @Test
        void isTheUnsignedHashModuloTheCount() {
            long hash = Exhash.hash("user-42");
            assertThat(Exhash.partition("user-42", 7)).isEqualTo((int) Long.remainderUnsigned(hash, 7));
        }

        @Test
        void spreadsStringKeysEvenly() {
            // given
            int[] counts = new int[8];

            // when
            for (int i = 0; i < 10_000; i++) {
                counts[Exhash.partition("key-" + i, 8)]++;
            }

            // then each partition is within 20% of 1250
            for (int count : counts) {
                assertThat(count).isBetween(1_000, 1_500);
            }
        }

        @Test
        void rejectsANonPositiveCount() {
            assertThatThrownBy(() -> Exhash.partition("k", 0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("count must be positive, got 0");
        }
    }

    @Nested
    class UnsupportedKeys {

        @Test
        void nullIsRefused() {
            assertThatThrownBy(() -> Exhash.hash(null))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageStartingWith("cannot hash a null key")
                    .hasMessageContaining("map the key to a String or a number first");
        }

        @Test
        void otherTypesAreRefusedNamingTheTypeValueSupportedTypesAndFix() {
            assertThatThrownBy(() -> Exhash.hash(1.5))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.lang.Double")
                    .hasMessageContaining("`1.5`")
                    .hasMessageContaining("Exhash supports Integer, Long")
                    .hasMessageContaining("map the key to a String or a number first");
            assertThatThrownBy(() -> Exhash.hash(new Object())).isInstanceOf(UnsupportedKeyException.class);
            assertThatThrownBy(() -> Exhash.hash(new int[] {1, 2}))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageContaining("int[]")
                    .hasMessageContaining("`[1, 2]`");
            assertThatThrownBy(() -> Exhash.hash(Map.of("a", 1))).isInstanceOf(UnsupportedKeyException.class);
        }

        @Test
        void aNestedOffenderIsNamedWithTheKeyItIsIn() {
            assertThatThrownBy(() -> Exhash.hash(KeyValue.of("k", 2.5f)))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageStartingWith(
                            "cannot hash a key of type java.lang.Float, value `2.5` (found in the key `(k, 2.5)`)");
            assertThatThrownBy(() -> Exhash.hash(Arrays.asList(1, null)))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageStartingWith("cannot hash a null key (found in the key `[1, null]`)");
        }

        @Test
        void aSetOfElementsThatCannotBeSortedIsRefused() {
            assertThatThrownBy(() -> Exhash.hash(new HashSet<>(List.of(1, "a"))))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageContaining("not mutually Comparable")
                    .hasMessageContaining("java.lang.Integer")
                    .hasMessageContaining("java.lang.String");
            assertThatThrownBy(() -> Exhash.hash(Set.of(List.of(1))))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageContaining("not mutually Comparable");
            assertThatThrownBy(() -> Exhash.hash(new HashSet<>(Arrays.asList(1, null))))
                    .isInstanceOf(UnsupportedKeyException.class)
                    .hasMessageStartingWith("cannot hash a null key");
        }
    }

    /** Python's {@code int} has no size limit, and the seed's exhash hashes any of them. */
    @Nested
    class IntegersOfAnySize {

        static final List<BigInteger> BEYOND_LONG = List.of(
                BigInteger.ONE.shiftLeft(63),
                        BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(64).negate(),
                BigInteger.ONE.shiftLeft(70),
                        BigInteger.ONE.shiftLeft(70).negate().add(BigInteger.valueOf(12345)),
                BigInteger.TEN.pow(30), BigInteger.TEN.pow(30).negate(),
                BigInteger.ONE.shiftLeft(100).subtract(BigInteger.ONE),
                        BigInteger.ONE.shiftLeft(80).negate());

        @Test
        void integersBeyondTheLongRangeHashAsTheClassDocumentationSays() {
            for (BigInteger big : BEYOND_LONG) {
                assertThat(Exhash.hash(big)).as("hash of %s", big).isEqualTo(Reference.hash(big));
                assertThat(Exhash.hash(KeyValue.of(big, "v"))).isEqualTo(Reference.hash(KeyValue.of(big, "v")));
            }
        }

        @Test
        void aBigIntegerWithinTheLongRangeHashesAsThatLong() {
            for (long value : new long[] {0, 1, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
                assertThat(Exhash.hash(BigInteger.valueOf(value)))
                        .as("hash of %s", value)
                        .isEqualTo(Exhash.hash(value));
            }
        }

        @Test
        void integersJustBeyondTheLongRangeDoNotCollideWithLongs() {
            Set<Long> bigHashes = new HashSet<>();
            Set<Long> lowBitsHashes = new HashSet<>();
            for (BigInteger big : BEYOND_LONG) {
                bigHashes.add(Exhash.hash(big));
                lowBitsHashes.add(Exhash.hash(big.longValue())); // the same low 64 bits, as a long
            }
            assertThat(bigHashes).hasSize(BEYOND_LONG.size()).doesNotContainAnyElementsOf(lowBitsHashes);
        }

        @Test
        void theSameIntegersHashTheSameInAnotherJvm() throws Exception {
            List<String> args = BEYOND_LONG.stream().map(BigInteger::toString).toList();
            List<String> here = BEYOND_LONG.stream()
                    .map(big -> Long.toHexString(Exhash.hash(big)))
                    .toList();

            assertThat(HashInAnotherJvm.hashes(args)).isEqualTo(here);
        }
    }

    @Nested
    class Allocation {

        @Test
        void hashingIntsStringsAndKeyValuesOrListsOfThemAllocatesNothing() {
            // given
            java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
            assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
            assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
            Object[] keys = {
                42,
                1L << 40,
                "user-12345",
                "a longer key with ünïcödé 😀 in it",
                'c',
                KeyValue.of("eu-west", 3),
                KeyValue.of(7, "x"),
                List.of("a", 1),
                new byte[] {1, 2, 3}
            };
            long sink = 0;
            for (int i = 0; i < 20_000; i++) {
                sink += Exhash.hash(keys[i % keys.length]);
            }
            long threadId = Thread.currentThread().getId();

            // when measured three times (the first measurement may include one-off JVM work)
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long before = threads.getThreadAllocatedBytes(threadId);
                for (int i = 0; i < 100_000; i++) {
                    sink += Exhash.hash(keys[i % keys.length]);
                }
                allocated = Math.min(allocated, threads.getThreadAllocatedBytes(threadId) - before);
            }

            // then at most a few stray bytes from the measurement itself
            assertThat(allocated)
                    .as("bytes allocated by 100,000 hashes (sink %d)", sink)
                    .isLessThan(1_024);
        }
    }

    /** A slow, independent implementation of the class documentation, over getBytes(UTF_8). */
    static final class Reference {
        private static final long P1 = 0x9E3779B185EBCA87L;
        private static final long P2 = 0xC2B2AE3D27D4EB4FL;
        private static final long P3 = 0x165667B19E3779F9L;
        private static final long P4 = 0x85EBCA77C2B2AE63L;
        private static final long P5 = 0x27D4EB2F165667C5L;

        static long hash(Object key) {
            List<Long> words = new ArrayList<>();
            encode(key, words);
            long acc = P5;
            for (long w : words) {
                acc ^= Long.rotateLeft(w * P2, 31) * P1;
                acc = Long.rotateLeft(acc, 27) * P1 + P4;
            }
            acc ^= acc >>> 33;
            acc *= P2;
            acc ^= acc >>> 29;
            acc *= P3;
            acc ^= acc >>> 32;
            return acc;
        }

        private static void encode(Object key, List<Long> words) {
            if (key instanceof BigInteger big && big.bitLength() >= 64) {
                // shortest two's complement, little-endian: byte k is bits 8k..8k+7
                byte[] bytes = new byte[big.bitLength() / 8 + 1];
                for (int k = 0; k < bytes.length; k++) {
                    bytes[k] = big.shiftRight(8 * k).byteValue();
                }
                pack(bytes, words);
                words.add(((long) bytes.length << 8) | 1);
            } else if (key instanceof Integer
                    || key instanceof Long
                    || key instanceof Short
                    || key instanceof Byte
                    || key instanceof BigInteger) {
                words.add(((Number) key).longValue());
                words.add((8L << 8) | 1);
            } else if (key instanceof Boolean b) {
                words.add(b ? 1L : 0L);
                words.add((8L << 8) | 1);
            } else if (key instanceof String || key instanceof Character) {
                byte[] utf8 = key.toString().getBytes(StandardCharsets.UTF_8);
                pack(utf8, words);
                words.add(((long) utf8.length << 8) | 2);
            } else if (key instanceof byte[] b) {
                pack(b, words);
                words.add(((long) b.length << 8) | 3);
            } else if (key instanceof KeyValue<?, ?> kv) {
                encode(List.of(kv.key(), kv.value()), words);
            } else if (key instanceof List<?> list) {
                list.forEach(element -> encode(element, words));
                words.add(((long) list.size() << 8) | 4);
            } else if (key instanceof Set<?> set) {
                new TreeSet<Object>(set).forEach(element -> encode(element, words));
                words.add(((long) set.size() << 8) | 5);
            } else {
                throw new AssertionError("no reference encoding for " + key);
            }
        }

        private static void pack(byte[] bytes, List<Long> words) {
            ByteBuffer padded = ByteBuffer.wrap(Arrays.copyOf(bytes, (bytes.length + 7) / 8 * 8))
                    .order(ByteOrder.LITTLE_ENDIAN);
            while (padded.hasRemaining()) {
                words.add(padded.getLong());
            }
        }
    }
}
