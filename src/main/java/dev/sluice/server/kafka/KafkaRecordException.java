package dev.sluice.server.kafka;

/**
 * A Kafka record a job cannot take (its value is not JSON of the flow's input type, or it has none):
 * it fails the job, naming the topic, partition and offset, rather than being skipped.
 */
public final class KafkaRecordException extends RuntimeException {

    KafkaRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
