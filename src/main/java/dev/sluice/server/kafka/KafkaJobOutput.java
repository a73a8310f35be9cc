package dev.sluice.server.kafka;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import dev.sluice.execution.jet.SinkOutputFn;
import java.util.Map;

/**
 * A job's Kafka output: Sluice's Kafka sink ({@link KafkaOutputProcessor}, Jet's {@code WriteKafkaP}
 * with the commit after a restart mended) writing what every worker captures to one topic, each pair as a
 * record of {@link KafkaRecordWriter}.
 *
 * <p>In a job with {@code exactly-once}, each worker writes in Kafka transactions that commit with the
 * job's snapshots (Jet's two-phase commit: prepared when the snapshot is taken, committed once it is
 * complete everywhere, or after a restart from it), so a {@code read_committed} consumer sees each pair
 * once, through restarts; the output then appears at the snapshots' pace. With {@code at-least-once} or
 * {@code none}, records are written at once, and again after a restart.
 *
 * @param topic the topic
 * @param producer the producer's settings ({@link KafkaSettings#producer})
 */
record KafkaJobOutput(String topic, Map<String, String> producer) implements SinkOutputFn {

    static KafkaJobOutput of(String bootstrapServers, String topic, Map<String, String> properties) {
        return new KafkaJobOutput(topic, KafkaSettings.producer(bootstrapServers, properties));
    }

    @Override
    public ProcessorMetaSupplier sink() {
        return ProcessorMetaSupplier.of(processor());
    }

    /** Makes each worker's processor. */
    SupplierEx<Processor> processor() {
        Map<String, String> settings = producer;
        KafkaRecordWriter writer = new KafkaRecordWriter(topic);
        return () -> new KafkaOutputProcessor(settings, writer);
    }

    /** Never the properties' values. */
    @Override
    public String toString() {
        return "KafkaJobOutput[topic=" + topic + ", producer=" + KafkaSettings.masked(producer) + "]";
    }
}
