package dev.sluice.server.kafka;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client settings of a job's Kafka input or output: what a request may give, Sluice's
 * defaults, and what Sluice sets itself. Also how a view shows them: keys only.
 */
public final class KafkaSettings {

    private KafkaSettings() {}

    /** How long a partition without records holds a job's progress back, by default. */
    public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 5_000;

    public static final long MAX_IDLE_TIMEOUT_MILLIS = 3_600_000;

    /** What a view shows in place of a property's value. */
    public static final String MASK = "******";

    /** Kafka's rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    /** Set by Sluice (or by Jet's connector), never by a request. */
    private static final Set<String> RESERVED = Set.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG);

    /** The properties with every value masked: what job views and logs show. */
    public static Map<String, String> masked(Map<String, String> properties) {
        Map<String, String> masked = new TreeMap<>();
        properties.keySet().forEach(key -> masked.put(key, MASK));
        return masked;
    }

    /**
     * Checks what a request gives for a Kafka endpoint.
     *
     * @throws IllegalArgumentException naming the field that is wrong
     */
    public static void check(String bootstrapServers, String topic, Map<String, String> properties) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException(
                    "bootstrapServers is required: the brokers as host:port, separated by commas (localhost:9092)");
        }
        for (String server : bootstrapServers.split(",")) {
            if (!server.strip().matches("\\[?[^\\s\\[\\]]+]?:\\d{1,5}")) {
                throw new IllegalArgumentException(
                        "bootstrapServers must be host:port, separated by commas, got \"" + bootstrapServers + "\"");
            }
        }
        if (topic == null || !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic is required: a Kafka topic name of 1 to 249 letters, digits, "
                    + "'.', '_' and '-'" + (topic == null ? "" : ", got \"" + topic + "\""));
        }
        if (properties != null) {
            for (Map.Entry<String, String> property : properties.entrySet()) {
                if (RESERVED.contains(property.getKey())) {
                    throw new IllegalArgumentException("properties must not set \"" + property.getKey() + "\": Sluice "
                            + "sets it"
                            + (property.getKey().equals(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)
                                    ? " (give bootstrapServers)"
                                    : ""));
                }
                if (property.getValue() == null) {
                    throw new IllegalArgumentException(
                            "properties." + property.getKey() + " is null; every property needs a string value");
                }
            }
        }
    }

    /**
     * A Kafka input's consumer settings: from the earliest offset (a new job reads the topic from its
     * start), only committed records ({@code read_committed}, so a job reading another job's exactly-once
     * output sees each record once), then the request's properties; Sluice's own last.
     */
    static Map<String, String> consumer(String bootstrapServers, Map<String, String> properties) {
        Map<String, String> settings = new TreeMap<>();
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        if (properties != null) {
            settings.putAll(properties);
        }
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return settings;
    }

    /**
     * How long the broker keeps an output's transaction open, by default: Kafka's 60 s could abort a
     * transaction prepared by a member that died before a restart commits it (removing a silent member
     * alone takes up to 60 s by default); 15 minutes is the broker's default {@code
     * transaction.max.timeout.ms}.
     */
    static final String DEFAULT_TRANSACTION_TIMEOUT_MILLIS = "900000";

    /**
     * A Kafka output's producer settings: {@code transaction.timeout.ms} {@value
     * #DEFAULT_TRANSACTION_TIMEOUT_MILLIS}, then the request's properties, then Sluice's own.
     */
    static Map<String, String> producer(String bootstrapServers, Map<String, String> properties) {
        Map<String, String> settings = new TreeMap<>();
        settings.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, DEFAULT_TRANSACTION_TIMEOUT_MILLIS);
        if (properties != null) {
            settings.putAll(properties);
        }
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return settings;
    }

    /** Settings as {@link java.util.Properties}, for the clients. */
    static java.util.Properties properties(Map<String, String> settings) {
        java.util.Properties properties = new java.util.Properties();
        properties.putAll(settings);
        return properties;
    }
}
