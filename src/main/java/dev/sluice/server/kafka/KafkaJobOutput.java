package dev.sluice.server.kafka;

import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.kafka.KafkaProcessors;
import com.hazelcast.jet.kafka.impl.WriteKafkaP;
import dev.sluice.execution.jet.SinkOutputFn;
import java.util.Map;

/**
 * A job's Kafka output: Jet's Kafka sink ({@link WriteKafkaP}) writing what every worker captures to
 * one topic, each pair as a record of {@link KafkaRecordWriter}.
 *
 * <p>In a job with {@code exactly-once}, each worker writes in Kafka transactions that commit with the
 * job's snapshots (Jet's two-phase commit: prepared when the snapshot is taken, committed once it is
 * complete everywhere), so a {@code read_committed} consumer sees each pair once, through restarts; the
 * output then appears at the snapshots' pace. With {@code at-least-once} or {@code none}, records are
 * written at once, and again after a restart.
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
        return KafkaProcessors.writeKafkaP(KafkaSettings.properties(producer), new KafkaRecordWriter(topic), true);
    }

    /** Makes each worker's processor: Jet's, as {@link #sink} does. */
    SupplierEx<Processor> processor() {
        return WriteKafkaP.supplier(KafkaSettings.properties(producer), new KafkaRecordWriter(topic), true);
    }

    /** Never the properties' values. */
    @Override
    public String toString() {
        return "KafkaJobOutput[topic=" + topic + ", producer=" + KafkaSettings.masked(producer) + "]";
    }
}
