package dev.sluice.server.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The consumer of a Kafka input's source: a {@link KafkaConsumer} that gives up when its brokers do not
 * answer, or do not know the topic, for longer than {@code default.api.timeout.ms} (Kafka's default:
 * 60 s) in a row. Jet's connector asks for the topic's partitions every call until it has them and
 * every 5 s after, and waits through each timeout, logging it; this consumer makes that wait end in a
 * failure of the job that says why, instead of a job that runs on reading nothing.
 */
final class ReachingConsumer extends KafkaConsumer<byte[], byte[]> {

    private final String servers;
    private final long patienceNanos;
    private long failingSince = -1;
    private volatile boolean partitionsKnown;

    ReachingConsumer(Properties properties) {
        super(properties);
        this.servers = properties.getProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);
        Object patience = properties.get(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG);
        this.patienceNanos = Duration.ofMillis(patience == null ? 60_000 : Long.parseLong(patience.toString()))
                .toNanos();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        List<PartitionInfo> partitions;
        try {
            partitions = super.partitionsFor(topic, timeout);
        } catch (TimeoutException e) {
            giveUpAfterPatience("the Kafka brokers at " + servers + " did not answer", topic);
            throw e;
        }
        if (partitions == null || partitions.isEmpty()) {
            giveUpAfterPatience("the Kafka brokers at " + servers + " do not know the topic '" + topic + "'", topic);
        } else {
            failingSince = -1;
            partitionsKnown = true;
        }
        return partitions;
    }

    /** Whether the topic's partitions have been found. */
    boolean partitionsKnown() {
        return partitionsKnown;
    }

    private void giveUpAfterPatience(String what, String topic) {
        long now = System.nanoTime();
        if (failingSince < 0) {
            failingSince = now;
        } else if (now - failingSince > patienceNanos) {
            throw new KafkaException(
                    what + " for " + Duration.ofNanos(patienceNanos).toMillis()
                            + " ms (default.api.timeout.ms), so the job cannot read the topic '" + topic + "'; check "
                            + "bootstrapServers and the topic, then start the job again");
        }
    }
}
