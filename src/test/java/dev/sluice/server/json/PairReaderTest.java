package dev.sluice.server.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.examples.AppEvent;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
}
