package dev.sluice.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node) in the test JVM on loopback and a free port, from
 * {@code spring-kafka-test}, with what tests do with it: make topics, produce JSON values with chosen
 * timestamps, and read a topic as a {@code read_committed} consumer.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String TRANSACTION_VERSION = "transaction.version";

    private final EmbeddedKafkaKraftBroker broker;
    private final KafkaProducer<String, String> producer;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        this.producer = new KafkaProducer<>(properties);
    }

    /** Starts a broker; {@link #close} stops it. */
    public static KafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "offsets.topic.replication.factor", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        return new KafkaBroker(broker);
    }

    /** The broker's address, {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    /** Makes a topic with that many partitions, and waits until it is there. */
    public void createTopic(String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Sets the broker's transaction version ({@code transaction.version}: 2 is Kafka 4's default, 1 that of
     * Kafka 3) and waits until the broker reports it. Producers made after it use it.
     */
    public void transactionVersion(int version) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            short current = transactionVersion(admin);
            if (current == version) {
                return;
            }
            FeatureUpdate update = new FeatureUpdate(
                    (short) version,
                    version < current ? FeatureUpdate.UpgradeType.SAFE_DOWNGRADE : FeatureUpdate.UpgradeType.UPGRADE);
            admin.updateFeatures(Map.of(TRANSACTION_VERSION, update), new UpdateFeaturesOptions())
                    .all()
                    .get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (transactionVersion(admin) != version) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the broker did not take transaction.version " + version);
                }
                Thread.sleep(100);
            }
        }
    }

    private static short transactionVersion(Admin admin) throws Exception {
        FinalizedVersionRange range = admin.describeFeatures()
                .featureMetadata()
                .get(30, TimeUnit.SECONDS)
                .finalizedFeatures()
                .get(TRANSACTION_VERSION);
        return range == null ? 0 : range.maxVersionLevel();
    }

    /** A topic name not used before. */
    public static String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Produces one record (value as given: JSON text), to a partition, with a timestamp; waits until written. */
    public void produce(String topic, int partition, long timestamp, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, partition, timestamp, null, value))
                .get(30, TimeUnit.SECONDS);
    }

    /** One record as a test sees it: where, the epoch header, key and value as text. */
    public record Read(int partition, long offset, Long epoch, String key, String value) {}

    /**
     * Reads a topic from its start as a {@code read_committed} consumer until {@code count} records have
     * come, then {@code settle} more to see that no more come; gives what came.
     */
    public List<Read> readCommitted(String topic, int count, Duration timeout, Duration settle) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<Read> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            long settled = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settled)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Header epoch = record.headers().lastHeader("sluice-epoch");
                    read.add(new Read(
                            record.partition(),
                            record.offset(),
                            epoch == null ? null : Long.parseLong(new String(epoch.value(), StandardCharsets.UTF_8)),
                            record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
                            new String(record.value(), StandardCharsets.UTF_8)));
                }
                if (read.size() >= count && settled == Long.MAX_VALUE) {
                    settled = System.nanoTime() + settle.toNanos();
                }
            }
        }
        return read;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
        broker.destroy();
    }
}
