package dev.sluice.exhash;

/**
 * The words of a string or a character in {@link Exhash}'s encoding: its UTF-8 bytes, packed
 * little-endian eight to a word, computed as the string is walked so that hashing allocates nothing.
 */
final class Utf8Words {

    private Utf8Words() {}

    /**
     * The UTF-8 bytes of a BMP character (a surrogate is {@code '?'}), little-endian in the low
     * bytes, with their count (1 to 3) in the top byte.
     */
    private static long utf8(char c) {
        if (c < 0x80) {
            return (1L << 56) | c;
        }
        if (c < 0x800) {
            return (2L << 56) | (0xC0 | (c >>> 6)) | (long) (0x80 | (c & 0x3F)) << 8;
        }
        if (Character.isSurrogate(c)) {
            return (1L << 56) | '?';
        }
        return (3L << 56)
                | (0xE0 | (c >>> 12))
                | (long) (0x80 | ((c >>> 6) & 0x3F)) << 8
                | (long) (0x80 | (c & 0x3F)) << 16;
    }

    static long updateChar(long acc, char c) {
        long encoded = utf8(c);
        long bytes = encoded >>> 56;
        return Exhash.round(Exhash.round(acc, encoded & 0xFFFFFFL), (bytes << 8) | Exhash.TAG_STRING);
    }

    /**
     * Strings take a fast path while they are ASCII, the common case for keys: eight characters to a
     * word, and a short tail packed at once. At the first word holding anything else, {@link
     * #updateUtf8} takes over from that word's start.
     */
    static long updateString(long acc, String s) {
        final int length = s.length();
        int i = 0;
        for (; i + 8 <= length; i += 8) {
            long eight = ascii8(s, i);
            if (eight < 0) {
                return updateUtf8(acc, s, i);
            }
            acc = Exhash.round(acc, eight);
        }
        if (i < length) {
            long word = 0;
            int seen = 0;
            for (int k = i, shift = 0; k < length; k++, shift += 8) {
                char c = s.charAt(k);
                seen |= c;
                word |= (long) c << shift;
            }
            if (seen >= 0x80) {
                return updateUtf8(acc, s, i);
            }
            acc = Exhash.round(acc, word);
        }
        return Exhash.round(acc, ((long) length << 8) | Exhash.TAG_STRING);
    }

    /** Characters {@code i..i+7}, all ASCII, packed into a word; or -1 if one is not ASCII. */
    private static long ascii8(String s, int i) {
        char c0 = s.charAt(i);
        char c1 = s.charAt(i + 1);
        char c2 = s.charAt(i + 2);
        char c3 = s.charAt(i + 3);
        char c4 = s.charAt(i + 4);
        char c5 = s.charAt(i + 5);
        char c6 = s.charAt(i + 6);
        char c7 = s.charAt(i + 7);
        if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) {
            return -1;
        }
        return c0
                | (long) c1 << 8
                | (long) c2 << 16
                | (long) c3 << 24
                | (long) c4 << 32
                | (long) c5 << 40
                | (long) c6 << 48
                | (long) c7 << 56;
    }

    /**
     * Mixes in the UTF-8 bytes of {@code s} from character {@code start} on, at a word boundary, all
     * {@code start} characters before it having been ASCII (one byte each); then the trailer.
     */
    private static long updateUtf8(long acc, String s, int start) {
        final int length = s.length();
        long word = 0; // bytes not yet mixed in, little-endian
        int shift = 0; // bits of word in use: 0, 8, ..., 56
        long byteCount = start;
        int i = start;
        while (i < length) {
            if (i + 8 <= length) {
                long eight = ascii8(s, i);
                if (eight >= 0) {
                    if (shift == 0) {
                        acc = Exhash.round(acc, eight);
                    } else {
                        acc = Exhash.round(acc, word | eight << shift);
                        word = eight >>> (64 - shift);
                    }
                    i += 8;
                    byteCount += 8;
                    continue;
                }
            }
            // Up to eight characters one at a time (a surrogate pair may take one more).
            int end = Math.min(i + 8, length);
            while (i < end) {
                char c = s.charAt(i++);
                long encoded;
                int bits;
                if (c < 0x80) {
                    encoded = c;
                    bits = 8;
                } else if (Character.isHighSurrogate(c) && i < length && Character.isLowSurrogate(s.charAt(i))) {
                    int cp = Character.toCodePoint(c, s.charAt(i++));
                    encoded = (0xF0 | (cp >>> 18))
                            | (long) (0x80 | ((cp >>> 12) & 0x3F)) << 8
                            | (long) (0x80 | ((cp >>> 6) & 0x3F)) << 16
                            | (long) (0x80 | (cp & 0x3F)) << 24;
                    bits = 32;
                } else {
                    long packed = utf8(c);
                    encoded = packed & 0xFFFFFFL;
                    bits = (int) (packed >>> 56) << 3;
                }
                byteCount += bits >>> 3;
                word |= encoded << shift; // bytes past the word's end are dropped here and kept below
                shift += bits;
                if (shift >= 64) {
                    acc = Exhash.round(acc, word);
                    shift -= 64;
                    word = encoded >>> (bits - shift);
                }
            }
        }
        if (shift > 0) {
            acc = Exhash.round(acc, word);
        }
        return Exhash.round(acc, (byteCount << 8) | Exhash.TAG_STRING);
    }
}
