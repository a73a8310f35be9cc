package dev.sluice.server.kafka;

import com.hazelcast.function.FunctionEx;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.ItemType;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka record as a pair: its value, JSON converted to the flow's input type as over HTTP, in the
 * epoch {@link KafkaEpochs} gives it. A record that does not convert fails the job
 * ({@link KafkaRecordException}, naming topic, partition and offset).
 *
 * @param itemType the flow's input type
 * @param epochs how records get epochs (checked)
 */
record KafkaRecordReader(ItemType itemType, KafkaEpochs epochs)
        implements FunctionEx<ConsumerRecord<byte[], byte[]>, EpochItem<Object>> {

    @Override
    public EpochItem<Object> applyEx(ConsumerRecord<byte[], byte[]> record) {
        String where = "the record at offset " + record.offset() + " of partition " + record.partition()
                + " of the topic '" + record.topic() + "'";
        if (record.value() == null) {
            throw new KafkaRecordException(
                    where + " has no value (a tombstone); every record must hold a JSON value of the flow's "
                            + "input type " + itemType,
                    null);
        }
        Object item;
        try {
            item = KafkaJson.reader(itemType).read(record.value(), where);
        } catch (IllegalArgumentException e) {
            throw new KafkaRecordException(e.getMessage().replace("the item does not", "its value does not"), e);
        }
        return new EpochItem<>(epochs.epochOf(record.offset(), record.timestamp()), item);
    }
}
