package dev.sluice.server.kafka;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.EventTimePolicy;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.WatermarkPolicy;
import com.hazelcast.jet.kafka.impl.StreamKafkaP;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.jet.SourceInputFn;
import java.util.List;
import java.util.Map;

/**
 * A job's Kafka input: Jet's Kafka source ({@link StreamKafkaP}) reading one topic, its records turned
 * into pairs by {@link KafkaRecordReader}.
 *
 * <h2>Partitions, epochs and progress</h2>
 * Jet spreads the topic's partitions over the workers (partition {@code p} to worker
 * {@code p % workers}). Each worker's frontier is the lowest, over its partitions, of the highest epoch
 * each has reached (Jet's event time, with no allowed lag); the job's is the lowest over all workers,
 * so an epoch completes once every partition has passed it. A partition that has had no record for
 * {@code idleTimeoutMillis} stops holding progress back until it has records again; a worker without
 * partitions holds nothing back. A record whose epoch is already complete (out-of-order timestamps, or
 * a partition that wakes after its idle timeout) goes into the lowest open epoch: it is never dropped.
 *
 * <h2>Restarts</h2>
 * The source keeps each partition's offset and progress in the job's snapshots; a restarted job reads
 * on from the snapshot's offsets, so with a processing guarantee each record's effect is kept once.
 *
 * @param topic the topic
 * @param consumer the consumer's settings ({@link KafkaSettings#consumer})
 * @param reader how records become pairs
 * @param idleTimeoutMillis when a partition without records stops holding progress back
 */
record KafkaJobInput(String topic, Map<String, String> consumer, KafkaRecordReader reader, long idleTimeoutMillis)
        implements SourceInputFn<Object> {

    @Override
    public ProcessorMetaSupplier source() {
        Map<String, String> settings = consumer;
        String read = topic;
        KafkaRecordReader projection = reader;
        EventTimePolicy<EpochItem<Object>> eventTime = EventTimePolicy.eventTimePolicy(
                EpochItem::epoch, (pair, epoch) -> pair, WatermarkPolicy.limitingLag(0), 1, 0, idleTimeoutMillis);
        SupplierEx<Processor> processor = () -> {
            ReachingConsumer[] consumer = new ReachingConsumer[1];
            StreamKafkaP<byte[], byte[], EpochItem<Object>> source = new StreamKafkaP<>(
                    context -> consumer[0] = new ReachingConsumer(KafkaSettings.properties(settings)),
                    List.of(read),
                    projection,
                    eventTime);
            return new DiscoveringSource(source, () -> consumer[0]);
        };
        return ProcessorMetaSupplier.of(processor);
    }

    /** Never the properties' values: a record is shown in Jet's job description and in logs. */
    @Override
    public String toString() {
        return "KafkaJobInput[topic=" + topic + ", consumer=" + KafkaSettings.masked(consumer) + "]";
    }
}
