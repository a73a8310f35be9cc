package dev.sluice.server.json;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Passes a body through unchanged while checking that it is well-formed UTF-8 (RFC 3629, the Unicode
 * standard's table 3-7): no overlong forms (such as {@code C0 AF} for {@code /}), no encoded surrogates,
 * nothing beyond U+10FFFF, no stray or missing continuation bytes. Jackson decodes some of these into
 * characters, which would let a client smuggle text past checks on its bytes; here they fail the read
 * with an {@link InvalidUtf8Exception} naming the byte and its offset.
 */
public final class StrictUtf8InputStream extends FilterInputStream {

    /** Eight bytes of a buffer as one {@code long}, to find a run's end a word at a time. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The top bit of each of a word's bytes: all clear when the eight are ASCII. */
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private long offset;
    /** Continuation bytes still expected for the current character. */
    private int need;
    /** The range the next continuation byte must be in (narrower after E0, ED, F0 and F4). */
    private int low = 0x80;

    private int high = 0xBF;

    public StrictUtf8InputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            atEnd();
        } else {
            check(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int from, int length) throws IOException {
        int n = super.read(buffer, from, length);
        if (n < 0) {
            atEnd();
        }
        int end = from + n;
        int i = from;
        while (i < end) {
            if (need == 0 && buffer[i] >= 0) {
                // ASCII, by far the most of a JSON body: skip the run at once, eight bytes at a time
                int start = i++;
                while (i + Long.BYTES <= end && ((long) LONGS.get(buffer, i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                while (i < end && buffer[i] >= 0) {
                    i++;
                }
                offset += i - start;
            } else {
                check(buffer[i++] & 0xFF);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] skipped = new byte[(int) Math.min(n, 8192)];
        int read = read(skipped, 0, skipped.length);
        return Math.max(read, 0);
    }

    private void check(int b) throws InvalidUtf8Exception {
        if (need == 0) {
            if (b >= 0x80) {
                lead(b);
            }
        } else if (b < low || b > high) {
            throw new InvalidUtf8Exception(b, offset, "is not the continuation byte the character needs");
        } else {
            need--;
            low = 0x80;
            high = 0xBF;
        }
        offset++;
    }

    private void lead(int b) throws InvalidUtf8Exception {
        if (b >= 0xC2 && b <= 0xDF) {
            expect(1, 0x80, 0xBF);
        } else if (b == 0xE0) {
            expect(2, 0xA0, 0xBF); // below A0 would be overlong
        } else if (b == 0xED) {
            expect(2, 0x80, 0x9F); // above 9F would be a surrogate
        } else if (b >= 0xE1 && b <= 0xEF) {
            expect(2, 0x80, 0xBF);
        } else if (b == 0xF0) {
            expect(3, 0x90, 0xBF); // below 90 would be overlong
        } else if (b >= 0xF1 && b <= 0xF3) {
            expect(3, 0x80, 0xBF);
        } else if (b == 0xF4) {
            expect(3, 0x80, 0x8F); // above 8F would be beyond U+10FFFF
        } else {
            throw new InvalidUtf8Exception(b, offset, b < 0xC0 ? "continues no character" : "never appears in UTF-8");
        }
    }

    private void expect(int continuations, int first, int last) {
        need = continuations;
        low = first;
        high = last;
    }

    private void atEnd() throws InvalidUtf8Exception {
        if (need > 0) {
            throw new InvalidUtf8Exception(-1, offset, "the body ends in the middle of a character");
        }
    }

    /** A body that is not well-formed UTF-8; an {@code IOException} so that parsers pass it on. */
    public static final class InvalidUtf8Exception extends IOException {
        InvalidUtf8Exception(int b, long offset, String why) {
            super("the body is not valid Unicode text in UTF-8: "
                    + (b < 0 ? why : String.format("the byte 0x%02x at offset %d %s", b, offset, why))
                    + "; send JSON as UTF-8");
        }
    }
}
