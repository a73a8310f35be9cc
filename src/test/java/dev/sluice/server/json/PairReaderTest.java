package dev.sluice.server.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.examples.AppEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** Reading request bodies: what the service refuses rather than passes on damaged. */
class PairReaderTest {

    private static final ItemType STRINGS = ItemType.of(String.class);
    private static final ItemType READINGS = ItemType.of(KeyValue.class, String.class, Double.class);
    private static final ItemType EVENTS = ItemType.of(AppEvent.class);

    private final PairReader reader = new PairReader(JsonMapper.builder().build());

    private static InputStream body(String json) {
        return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsWholeSurrogatePairs() {
        List<EpochItem<Object>> pairs = reader.readPairs(body("[[0, \"\\ud83d\\ude00 \uD83D\uDE00\"]]"), STRINGS);

        assertThat(pairs).containsExactly(EpochItem.of(0, "\uD83D\uDE00 \uD83D\uDE00"));
    }

    /** Hazelcast and the response write text as UTF-8, where half a surrogate pair became "?". */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[[0, \"a \\ud800 b\"]]",
                "[[0, \"\\udc00\"]]",
                "[[0, \"\\ude00\\ud83d\"]]",
                "[[0, \"ok\"], [1, \"\\ud83d\"]]",
            })
    void refusesHalfASurrogatePairInAString(String json) {
        assertThatThrownBy(() -> reader.readPairs(body(json), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half of a surrogate pair")
                .hasMessageContaining("line 1");
    }

    @Test
    void refusesHalfASurrogatePairInPlainItems() {
        assertThatThrownBy(() -> reader.readItems(body("[\"ok\", \"\\ud800\"]"), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half of a surrogate pair");
    }

    @Test
    void refusesHalfASurrogatePairInKeysAndFields() {
        assertThatThrownBy(() -> reader.readPairs(body("[[0, [\"\\ud800\", 1.5]]]"), READINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half of a surrogate pair");
        assertThatThrownBy(() -> reader.readPairs(
                        body("[[0, {\"type\": \"Search\", \"user\": 1, \"note\": \"\\udfff\"}]]"), EVENTS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("half of a surrogate pair");
        assertThatThrownBy(() ->
                        reader.readPairs(body("[[0, {\"type\": \"Search\", \"user\": 1, \"n\\ud800\": 2}]]"), EVENTS))
                .isInstanceOf(InvalidInputException.class);
    }

    /** Jackson decodes F4 90 80 80 (above U+10FFFF) into two halves of surrogate pairs instead of refusing it. */
    @Test
    void refusesUtf8BeyondUnicode() {
        byte[] json = {'[', '[', '0', ',', '"', 'a', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', ']', ']'};

        assertThatThrownBy(() -> reader.readPairs(new ByteArrayInputStream(json), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not valid Unicode");
    }

    /** Jet's watermark Long.MAX_VALUE is its idle message: a job's earlier epochs would wait for the end. */
    @Test
    void refusesTheEpochTheEngineReserves() {
        assertThatThrownBy(() -> reader.readPairs(body("[[0, \"a\"], [9223372036854775807, \"b\"]]"), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("pair 1 has the epoch 9223372036854775807, which the engine reserves")
                .hasMessageContaining("up to 9223372036854775805");

        assertThat(reader.readPairs(body("[[9223372036854775805, \"b\"]]"), STRINGS))
                .containsExactly(EpochItem.of(Long.MAX_VALUE - 2, "b"));
    }

    // --- issue 13: a value that is not exactly what the document says is refused, not converted ---

    @Test
    void aNullItemIsRefusedNamingThePair() {
        assertThatThrownBy(() -> reader.readPairs(body("[[0, \"a\"], [1, null]]"), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pair 1: the item is null");
        assertThatThrownBy(() -> reader.readItems(body("[\"a\", null]"), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("item 1: the item is null");
    }

    @Test
    void aNullValueOfAKeyValueItemIsRefused() {
        assertThatThrownBy(() -> reader.readPairs(body("[[0, [\"cpu\", null]]]"), READINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pair 0 value: the item is null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[0, 1e400]]", "[[0, 5]]", "[[0, true]]", "[[0, 1.5]]"})
    void aNumberOrBooleanIsNotAString(String json) {
        assertThatThrownBy(() -> reader.readPairs(body(json), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pair 0: the item does not convert");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[0, [\"cpu\", 1e400]]]", "[[0, [\"cpu\", -1e400]]]", "[[0, [\"cpu\", \"NaN\"]]]"})
    void aNumberThatIsNotFiniteIsRefused(String json) {
        assertThatThrownBy(() -> reader.readPairs(body(json), READINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pair 0 value: the item is not a finite number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[[0, [\"cpu\", \"4.0\"]]]", "[[0, [\"cpu\", true]]]"})
    void aStringOrBooleanIsNotANumber(String json) {
        assertThatThrownBy(() -> reader.readPairs(body(json), READINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pair 0 value: the item does not convert");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[[0, {\"type\": \"Search\", \"user\": 1.5}]]",
                "[[0, {\"type\": \"Search\", \"user\": \"1\"}]]",
                "[[0, {\"type\": \"Search\", \"user\": null}]]",
            })
    void anIntegerFieldTakesOnlyAnInteger(String json) {
        assertThatThrownBy(() -> reader.readPairs(body(json), EVENTS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("pair 0: the item does not convert");
    }

    @Test
    void exactValuesStillRead() {
        assertThat(reader.readPairs(body("[[0, [\"cpu\", 4]], [1, [\"cpu\", 4.5]]]"), READINGS))
                .containsExactly(EpochItem.of(0, KeyValue.of("cpu", 4.0)), EpochItem.of(1, KeyValue.of("cpu", 4.5)));
        assertThat(reader.readPairs(body("[[0, {\"type\": \"Search\", \"user\": 7}]]"), EVENTS))
                .containsExactly(EpochItem.of(0, new AppEvent(AppEvent.Type.Search, 7)));
    }

    /** {@code C0 AF} is an overlong '/', which Jackson decoded as '/'. */
    @Test
    void invalidUtf8IsRefusedNamingTheByte() {
        byte[] overlong = bytes("[\"", new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"]");

        assertThatThrownBy(() -> reader.readItems(new ByteArrayInputStream(overlong), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage(
                        "the body is not valid Unicode text in UTF-8: the byte 0xc0 at offset 2 never appears in UTF-8; "
                                + "send JSON as UTF-8");
    }

    @Test
    void everyIllFormedUtf8SequenceIsRefused() {
        byte[][] illFormed = {
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong three-byte '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate U+D800
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
            {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // overlong four-byte
            {(byte) 0x80}, // a lone continuation byte
            {(byte) 0xC3, (byte) 0x28}, // a missing continuation byte
            {(byte) 0xFF},
        };
        for (byte[] sequence : illFormed) {
            assertThatThrownBy(() -> reader.readItems(new ByteArrayInputStream(bytes("[\"", sequence, "\"]")), STRINGS))
                    .as("%s", HexFormat.of().formatHex(sequence))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageStartingWith("the body is not valid Unicode text in UTF-8");
        }
    }

    @Test
    void aBodyEndingInsideACharacterIsRefused() {
        assertThatThrownBy(() -> reader.readItems(
                        new ByteArrayInputStream(bytes("[\"a", new byte[] {(byte) 0xE2}, "")), STRINGS))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the body is not valid Unicode text in UTF-8");
    }

    @Test
    void wellFormedUtf8OfEveryLengthReads() {
        String text = "a é ✓ 😀";
        assertThat(reader.readItems(body("[\"" + text + "\"]"), STRINGS)).containsExactly(text);
    }

    private static byte[] bytes(String before, byte[] middle, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(middle);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
