package dev.sluice.execution.jet;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import dev.sluice.dataflow.KeyValue;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.nio.charset.StandardCharsets;

/**
 * The values inside Sluice's wire types ({@link JetSerialization}): one tag byte, then the value in
 * as few bytes as its type allows. The types that items on Sluice's edges mostly are (strings, ints,
 * longs, doubles, booleans, {@code null}, key/value pairs of them) are written without Hazelcast's
 * type ID and fixed-width lengths: strings as a varint byte length and their UTF-8, integers as
 * zig-zag varints, a key/value pair as its two values. Anything else is written with
 * {@link ObjectDataOutput#writeObject}, by whatever serializer Hazelcast has for it.
 *
 * <p>A word count's {@code ("the", 1)} is 8 bytes: the pair's tag, the string's tag, its length and 3
 * bytes, the count's tag and 1 byte (23 with a type ID for the pair and for each of its values, a
 * 4-byte length and a 4-byte int).
 *
 * <p>Every member must run the same version of this format: it is what items on Jet's edges and in
 * snapshots are written in.
 */
final class CompactValues {

    private static final byte OBJECT = 0;
    private static final byte NULL = 1;
    private static final byte STRING = 2;
    private static final byte INT = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte TRUE = 6;
    private static final byte FALSE = 7;
    private static final byte KEY_VALUE = 8;

    /** Nested pairs deeper than this go through {@code writeObject} (each level a serializer call). */
    private static final int MAX_DEPTH = 8;

    private CompactValues() {}

    static void write(ObjectDataOutput out, Object value) throws IOException {
        write(out, value, 0);
    }

    private static void write(ObjectDataOutput out, Object value, int depth) throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof String string) {
            out.writeByte(STRING);
            byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
            writeVarLong(out, utf8.length);
            out.write(utf8);
        } else if (value instanceof Integer number) {
            out.writeByte(INT);
            writeVarLong(out, zigZag(number));
        } else if (value instanceof Long number) {
            out.writeByte(LONG);
            writeVarLong(out, zigZag(number));
        } else if (value instanceof Double number) {
            out.writeByte(DOUBLE);
            out.writeDouble(number);
        } else if (value instanceof Boolean bool) {
            out.writeByte(bool ? TRUE : FALSE);
        } else if (value instanceof KeyValue<?, ?> pair && depth < MAX_DEPTH) {
            out.writeByte(KEY_VALUE);
            write(out, pair.key(), depth + 1);
            write(out, pair.value(), depth + 1);
        } else {
            out.writeByte(OBJECT);
            out.writeObject(value);
        }
    }

    static Object read(ObjectDataInput in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> {
                long length = readVarLong(in);
                if (length > Integer.MAX_VALUE - 8) {
                    throw new UTFDataFormatException("a string of " + length + " bytes");
                }
                byte[] utf8 = new byte[(int) length];
                in.readFully(utf8);
                yield new String(utf8, StandardCharsets.UTF_8);
            }
            case INT -> Integer.valueOf((int) unZigZag(readVarLong(in)));
            case LONG -> Long.valueOf(unZigZag(readVarLong(in)));
            case DOUBLE -> Double.valueOf(in.readDouble());
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case KEY_VALUE -> {
                Object key = read(in);
                yield new KeyValue<>(key, read(in));
            }
            case OBJECT -> in.readObject();
            default ->
                throw new IOException("unknown value tag " + tag + " in a Sluice item: was it written"
                        + " by another version of Sluice? Every member must run the same one");
        };
    }

    /** Writes a long as an unsigned LEB128 varint: 7 bits a byte, low bits first (1 byte below 128). */
    static void writeVarLong(ObjectDataOutput out, long value) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    static long readVarLong(ObjectDataInput in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IOException("a varint longer than 10 bytes in a Sluice item");
    }

    private static long zigZag(long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unZigZag(long value) {
        return (value >>> 1) ^ -(value & 1);
    }
}
