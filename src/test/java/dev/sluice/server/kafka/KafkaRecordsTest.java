package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** How Kafka records become pairs and pairs records, without a broker. */
class KafkaRecordsTest {

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset, long timestamp, String value) {
        return new ConsumerRecord<>(
                "lines",
                partition,
                offset,
                timestamp,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0,
                value == null ? 0 : value.length(),
                null,
                value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(),
                java.util.Optional.empty());
    }

    @Test
    void byTimestampAnEpochIsLengthMillisFromStartAndEarlierRecordsAreInEpochZero() {
        KafkaEpochs epochs = new KafkaEpochs(null, 500L, 10_000L, null).checked();
        assertThat(epochs).isEqualTo(new KafkaEpochs("timestamp", 500L, 10_000L, null));
        assertThat(epochs.epochOf(7, 10_000)).isZero();
        assertThat(epochs.epochOf(7, 10_499)).isZero();
        assertThat(epochs.epochOf(7, 10_500)).isEqualTo(1);
        assertThat(epochs.epochOf(7, 9_000)).isZero();
        assertThat(KafkaEpochs.DEFAULT.epochOf(0, 1_796_129_049_184L)).isEqualTo(1_796_129_049L);
    }

    @Test
    void byOffsetEveryNRecordsOfAPartitionAreOneEpoch() {
        KafkaEpochs epochs = new KafkaEpochs("offset", null, null, 3L).checked();
        assertThat(epochs.epochOf(0, 99)).isZero();
        assertThat(epochs.epochOf(2, 99)).isZero();
        assertThat(epochs.epochOf(3, 0)).isEqualTo(1);
        assertThatThrownBy(() -> new KafkaEpochs("offset", 1000L, null, 3L).checked())
                .hasMessageContaining("are for \"by\": \"timestamp\"");
        assertThatThrownBy(() -> new KafkaEpochs("timestamp", 0L, null, null).checked())
                .hasMessageContaining("lengthMillis must be at least 1, got 0");
    }

    @Test
    void aRecordsValueIsReadAsJsonOfTheInputTypeInItsEpoch() {
        KafkaRecordReader words = new KafkaRecordReader(ItemType.of(String.class), KafkaEpochs.DEFAULT);
        assertThat(words.apply(record(0, 4, 2_500, "\"to be\""))).isEqualTo(EpochItem.of(2, "to be"));
        KafkaRecordReader readings = new KafkaRecordReader(
                ItemType.of(KeyValue.class, String.class, Double.class),
                new KafkaEpochs("offset", null, null, 2L).checked());
        assertThat(readings.apply(record(1, 5, 0, "[\"cpu\", 4.5]")))
                .isEqualTo(EpochItem.of(2, KeyValue.of("cpu", 4.5)));
    }

    @Test
    void aRecordThatDoesNotConvertNamesItsTopicPartitionAndOffset() {
        KafkaRecordReader words = new KafkaRecordReader(ItemType.of(String.class), KafkaEpochs.DEFAULT);
        assertThatThrownBy(() -> words.apply(record(2, 17, 0, "12")))
                .isInstanceOf(KafkaRecordException.class)
                .hasMessageStartingWith("the record at offset 17 of partition 2 of the topic 'lines': its value does "
                        + "not convert to String");
        assertThatThrownBy(() -> words.apply(record(2, 18, 0, "\"open")))
                .isInstanceOf(KafkaRecordException.class)
                .hasMessageContaining("offset 18 of partition 2 of the topic 'lines' is not valid JSON");
        assertThatThrownBy(() -> words.apply(record(2, 19, 0, null)))
                .isInstanceOf(KafkaRecordException.class)
                .hasMessageContaining("offset 19 of partition 2 of the topic 'lines' has no value");
        assertThatThrownBy(() -> words.apply(record(2, 20, 0, "\"a\" \"b\"")))
                .hasMessageContaining("unexpected content after the item");
    }

    @Test
    void aPairBecomesARecordWithTheItemAsJsonItsKeyAndItsEpochInAHeader() {
        KafkaRecordWriter writer = new KafkaRecordWriter("counts");
        ProducerRecord<byte[], byte[]> keyed = writer.apply(new EpochItem<>(3, KeyValue.of("to", 2)));
        assertThat(keyed.topic()).isEqualTo("counts");
        assertThat(new String(keyed.key(), StandardCharsets.UTF_8)).isEqualTo("to");
        assertThat(new String(keyed.value(), StandardCharsets.UTF_8)).isEqualTo("[\"to\",2]");
        assertThat(new String(keyed.headers().lastHeader("sluice-epoch").value(), StandardCharsets.UTF_8))
                .isEqualTo("3");
        ProducerRecord<byte[], byte[]> numbered = writer.apply(new EpochItem<>(0, KeyValue.of(7, 1.5)));
        assertThat(new String(numbered.key(), StandardCharsets.UTF_8)).isEqualTo("7");
        ProducerRecord<byte[], byte[]> plain = writer.apply(new EpochItem<>(1, 0.25));
        assertThat(plain.key()).isNull();
        assertThat(new String(plain.value(), StandardCharsets.UTF_8)).isEqualTo("0.25");
    }

    @Test
    void viewsShowThePropertiesKeysOnly() {
        assertThat(KafkaSettings.masked(Map.of("sasl.jaas.config", "secret", "acks", "all")))
                .containsExactly(
                        Map.entry("acks", KafkaSettings.MASK), Map.entry("sasl.jaas.config", KafkaSettings.MASK));
    }
}
