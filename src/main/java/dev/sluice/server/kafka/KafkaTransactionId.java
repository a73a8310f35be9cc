package dev.sluice.server.kafka;

import com.hazelcast.jet.Util;
import com.hazelcast.jet.impl.processor.TwoPhaseSnapshotCommitUtility.TransactionId;
import java.io.Serializable;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

/**
 * One of the transactional IDs a worker of a Kafka output writes with, and, once a transaction on it is
 * prepared, the producer ID and epoch of that transaction: what a job's snapshot keeps so that a restart
 * can commit it ({@link KafkaOutputProcessor}). Two IDs are the same ID whatever their producer and
 * epoch.
 *
 * @param kafkaId the {@code transactional.id}: job, vertex, processor and the index in its pool
 * @param index the global index of the processor that owns it
 * @param producerId the transaction's producer ID, {@code -1} before one is prepared
 * @param epoch the transaction's producer epoch, {@code -1} before one is prepared
 */
record KafkaTransactionId(String kafkaId, int index, long producerId, short epoch)
        implements TransactionId, Serializable {

    /** The ID of a processor's {@code transaction}-th transaction of its pool, in a job's vertex. */
    static KafkaTransactionId of(long jobId, String vertex, int processor, int transaction) {
        return new KafkaTransactionId(
                "sluice-" + Util.idToString(jobId) + "-" + vertex + "-" + processor + "-" + transaction,
                processor,
                -1,
                (short) -1);
    }

    /** The same ID with the producer ID and epoch of a transaction prepared on it. */
    KafkaTransactionId prepared(ProducerIdAndEpoch transaction) {
        return new KafkaTransactionId(kafkaId, index, transaction.producerId, transaction.epoch);
    }

    ProducerIdAndEpoch transaction() {
        return new ProducerIdAndEpoch(producerId, epoch);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KafkaTransactionId id && id.kafkaId.equals(kafkaId);
    }

    @Override
    public int hashCode() {
        return kafkaId.hashCode();
    }

    @Override
    public String toString() {
        return kafkaId + " (producer " + producerId + ", epoch " + epoch + ")";
    }
}
