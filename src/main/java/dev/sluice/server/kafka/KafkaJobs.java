package dev.sluice.server.kafka;

import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.util.Map;

/**
 * Kafka inputs and outputs of jobs, for the job service: the endpoints a request gives, checked, and
 * the Jet source and sink they run as ({@link KafkaJobInput}, {@link KafkaJobOutput}).
 */
public final class KafkaJobs {

    private KafkaJobs() {}

    /**
     * An input's idle timeout, checked: the default when not given.
     *
     * @throws IllegalArgumentException when out of range
     */
    public static long idleTimeoutMillis(Long asked) {
        if (asked == null) {
            return KafkaSettings.DEFAULT_IDLE_TIMEOUT_MILLIS;
        }
        if (asked < 1 || asked > KafkaSettings.MAX_IDLE_TIMEOUT_MILLIS) {
            throw new IllegalArgumentException("idleTimeoutMillis must be between 1 and "
                    + KafkaSettings.MAX_IDLE_TIMEOUT_MILLIS + ", got " + asked);
        }
        return asked;
    }

    /** The input reading a topic for a flow of the input type (of checked settings). */
    public static InputBuilderFn<Object> input(
            String bootstrapServers,
            String topic,
            Map<String, String> properties,
            KafkaEpochs epochs,
            long idleTimeoutMillis,
            ItemType itemType) {
        return new KafkaJobInput(
                topic,
                KafkaSettings.consumer(bootstrapServers, properties),
                new KafkaRecordReader(itemType, epochs),
                idleTimeoutMillis);
    }

    /** The output writing a topic (of checked settings). */
    public static OutputBuilderFn output(String bootstrapServers, String topic, Map<String, String> properties) {
        return KafkaJobOutput.of(bootstrapServers, topic, properties);
    }
}
