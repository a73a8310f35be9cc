package dev.sluice.server.kafka;

import com.hazelcast.function.FunctionEx;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A captured pair as a Kafka record: the item as JSON in the value ({@code ["to",2]} for a key/value
 * item), the key of a key/value item as the record's key (a string as its text, any other key as
 * JSON), none otherwise, and the epoch in the header {@value #EPOCH_HEADER} (decimal text).
 *
 * @param topic the topic written
 */
record KafkaRecordWriter(String topic) implements FunctionEx<EpochItem<Object>, ProducerRecord<byte[], byte[]>> {

    /** The header that holds a record's epoch. */
    static final String EPOCH_HEADER = "sluice-epoch";

    @Override
    public ProducerRecord<byte[], byte[]> applyEx(EpochItem<Object> pair) {
        Object item = pair.item();
        byte[] key = null;
        if (item instanceof KeyValue<?, ?> keyValue) {
            key = keyValue.key() instanceof String text
                    ? text.getBytes(StandardCharsets.UTF_8)
                    : KafkaJson.MAPPER.writeValueAsBytes(keyValue.key());
        }
        List<Header> headers = List.of(
                new RecordHeader(EPOCH_HEADER, Long.toString(pair.epoch()).getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, null, key, KafkaJson.MAPPER.writeValueAsBytes(item), headers);
    }
}
