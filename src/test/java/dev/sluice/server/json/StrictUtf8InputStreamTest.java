package dev.sluice.server.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The check against the JDK's own UTF-8 decoder set to report every malformed input, which refuses
 * what RFC 3629 refuses: the stream must accept exactly the bodies that decoder accepts, wherever in
 * a read (and in an eight-byte word) a sequence falls, and pass every byte through unchanged.
 */
class StrictUtf8InputStreamTest {

    private static final byte[][] SEQUENCES = {
        {(byte) 0xC3, (byte) 0xA9}, // é
        {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, // €
        {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, // an emoji
        {(byte) 0xF4, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF}, // U+10FFFF
        {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong three-byte '/'
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        {(byte) 0x80}, // a lone continuation byte
        {(byte) 0xC3, (byte) 0x28}, // a missing continuation byte
        {(byte) 0xE2, (byte) 0x82}, // cut short
        {(byte) 0xFF},
    };

    @Test
    void acceptsExactlyWhatTheJdksStrictDecoderAcceptsAtEveryOffset() throws Exception {
        for (byte[] sequence : SEQUENCES) {
            for (int at = 0; at < 24; at++) {
                for (int tail = 0; tail < 10; tail += 9) {
                    byte[] body = new byte[at + sequence.length + tail];
                    Arrays.fill(body, (byte) 'a');
                    System.arraycopy(sequence, 0, body, at, sequence.length);
                    for (int chunk : new int[] {1, 3, 8, 13, 8192}) {
                        assertSameVerdict(body, chunk);
                    }
                }
            }
        }
    }

    @Test
    void randomBodiesGetTheJdksVerdict() throws Exception {
        Random random = new Random(19);
        for (int n = 0; n < 3000; n++) {
            byte[] body = new byte[random.nextInt(64)];
            for (int i = 0; i < body.length; i++) {
                body[i] = random.nextInt(6) == 0 ? (byte) random.nextInt(256) : (byte) ('a' + random.nextInt(26));
            }
            assertSameVerdict(body, 1 + random.nextInt(20));
        }
    }

    private static void assertSameVerdict(byte[] body, int chunk) throws IOException {
        boolean valid = decodes(body);
        byte[] passed = new byte[body.length + 1]; // room to read the end
        int read = 0;
        boolean accepted;
        try (InputStream in = new StrictUtf8InputStream(new ChunkedInputStream(body, chunk))) {
            for (int n; (n = in.read(passed, read, Math.min(chunk, passed.length - read))) > 0; ) {
                read += n;
            }
            accepted = true;
        } catch (StrictUtf8InputStream.InvalidUtf8Exception e) {
            accepted = false;
        }
        assertThat(accepted)
                .as("%s in reads of %d", HexFormat.of().formatHex(body), chunk)
                .isEqualTo(valid);
        if (accepted) {
            assertThat(Arrays.copyOf(passed, read)).isEqualTo(body);
        }
    }

    private static boolean decodes(byte[] body) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Gives at most {@code chunk} bytes a read, as a socket may. */
    private static final class ChunkedInputStream extends ByteArrayInputStream {
        private final int chunk;

        ChunkedInputStream(byte[] bytes, int chunk) {
            super(bytes);
            this.chunk = chunk;
        }

        @Override
        public synchronized int read(byte[] buffer, int from, int length) {
            return super.read(buffer, from, Math.min(length, chunk));
        }
    }
}
