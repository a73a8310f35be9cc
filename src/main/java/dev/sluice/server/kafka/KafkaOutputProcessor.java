package dev.sluice.server.kafka;

import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.impl.processor.TransactionPoolSnapshotUtility;
import com.hazelcast.jet.impl.processor.TwoPhaseSnapshotCommitUtility.TransactionalResource;
import com.hazelcast.logging.ILogger;
import dev.sluice.dataflow.EpochItem;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

/**
 * One worker of a job's Kafka output: writes each pair as a record ({@link KafkaRecordWriter}), under
 * {@code exactly-once} in Kafka transactions that commit with the job's snapshots. Jet's own sink
 * ({@code WriteKafkaP}) does the same but cannot commit, after a restart, a transaction prepared on a
 * Kafka 4 broker (transaction version 2) unless it was its producer's first; this one can.
 *
 * <h2>Exactly once</h2>
 * Jet's two-phase snapshot, on a pool of two transactional IDs per worker ({@link
 * TransactionPoolSnapshotUtility}, as Jet's sinks use it):
 * <ol>
 *   <li>phase 1 (the snapshot is taken): the worker flushes its open transaction and keeps its
 *       transactional ID <em>with the producer ID and epoch it writes with now</em> in the snapshot
 *       ({@link KafkaTransactionId}), then writes on in a transaction on the other ID;
 *   <li>phase 2 (the snapshot is complete on every member): it commits the prepared transaction;
 *   <li>restart from a snapshot: each restored ID's transaction is committed if the broker still holds it
 *       open (the job stopped between the phases), by a producer made to continue it ({@link
 *       KafkaTransactions#resume}); every other transaction of the worker's IDs is aborted.
 * </ol>
 * Jet keeps the epoch of a producer's first transaction instead. A broker on transaction version 1 keeps
 * a producer's epoch, one on version 2 (Kafka 4's default) gives it a new one at every commit, so only the
 * epoch read at phase 1 names a later transaction. Before committing a restored transaction this
 * processor asks the broker ({@link Admin#describeTransactions}) what became of it: open with that
 * producer and epoch (commit it), committed (nothing to do), or neither: aborted, by the broker after
 * {@code transaction.timeout.ms} say, so its records are lost, which is logged as a warning.
 *
 * <p>With {@code at-least-once} or {@code none}, records are written at once without transactions.
 */
final class KafkaOutputProcessor implements Processor {

    /** Transactional IDs per worker: one prepared, waiting for phase 2, while the other is written. */
    private static final int TRANSACTIONS_PER_WORKER = 2;

    private final Map<String, String> producerSettings;
    private final KafkaRecordWriter writer;
    private final AtomicReference<Throwable> sendFailure = new AtomicReference<>();
    private final Callback sent = (metadata, failure) -> {
        if (failure != null) {
            sendFailure.compareAndSet(null, failure);
        }
    };

    private ILogger logger;
    private TransactionPoolSnapshotUtility<KafkaTransactionId, Transaction> transactions;

    KafkaOutputProcessor(Map<String, String> producerSettings, KafkaRecordWriter writer) {
        this.producerSettings = producerSettings;
        this.writer = writer;
    }

    @Override
    public void init(Outbox outbox, Context context) {
        logger = context.logger();
        transactions = new TransactionPoolSnapshotUtility<>(
                outbox,
                context,
                false,
                context.processingGuarantee(),
                TRANSACTIONS_PER_WORKER,
                (processor, transaction) ->
                        KafkaTransactionId.of(context.jobId(), context.vertexName(), processor, transaction),
                id -> new Transaction(id, producer(id), servers()),
                this::commitRestored,
                this::abort);
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    public boolean tryProcess() {
        throwSendFailure();
        return transactions.tryProcess();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Inbox inbox) {
        Transaction transaction = transactions.activeTransaction();
        if (transaction == null) {
            return; // between the phases of a snapshot: the pairs wait in the inbox
        }
        throwSendFailure();
        for (Object pair; (pair = inbox.peek()) != null; ) {
            try {
                transaction.producer.send(writer.apply((EpochItem<Object>) pair), sent);
            } catch (TimeoutException full) {
                return; // the producer's buffer is full: back-pressure, the pair is sent again
            }
            inbox.remove();
        }
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        return true;
    }

    @Override
    public boolean complete() {
        Transaction transaction = transactions.activeTransaction();
        if (transaction == null) {
            return false;
        }
        transaction.producer.flush();
        throwSendFailure();
        transactions.afterCompleted();
        return true;
    }

    @Override
    public boolean snapshotCommitPrepare() {
        if (!transactions.snapshotCommitPrepare()) {
            return false;
        }
        throwSendFailure();
        return true;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        return transactions.snapshotCommitFinish(success);
    }

    /**
     * Commits the restored transactions that are still open. A snapshot taken by Jet's own sink (a job
     * started before Sluice had this one) holds Jet's IDs: they cannot be committed here, which is logged.
     */
    @Override
    public void restoreFromSnapshot(Inbox inbox) {
        for (Object item; (item = inbox.poll()) != null; ) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
            if (entry.getKey() instanceof BroadcastKey<?> key && key.key() instanceof KafkaTransactionId) {
                transactions.restoreFromSnapshot(key, entry.getValue());
            } else {
                logger.warning("The snapshot the job restarts from holds a transaction of another Kafka sink ("
                        + entry.getKey() + "), which Sluice's cannot commit: if it was not committed before, its "
                        + "records are lost");
            }
        }
    }

    @Override
    public void close() {
        if (transactions != null) {
            transactions.close();
        }
    }

    private void throwSendFailure() {
        Throwable failure = sendFailure.get();
        if (failure != null) {
            throw new IllegalStateException(
                    "writing to the Kafka topic '" + writer.topic() + "' at " + servers() + " failed: " + failure,
                    failure);
        }
    }

    private String servers() {
        return producerSettings.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** A producer with that transactional ID; without one ({@code null}), not transactional. */
    private KafkaProducer<byte[], byte[]> producer(KafkaTransactionId id) {
        Properties properties = KafkaSettings.properties(producerSettings);
        if (id != null) {
            properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, id.kafkaId());
        }
        return new KafkaProducer<>(properties);
    }

    /** Aborts whatever transaction is open on the ID: a new producer's {@code initTransactions} does. */
    private void abort(KafkaTransactionId id) {
        try (KafkaProducer<byte[], byte[]> producer = producer(id)) {
            initTransactions(producer, servers());
        }
    }

    /** {@code initTransactions}, failing with the reason when the brokers do not answer. */
    private static void initTransactions(KafkaProducer<?, ?> producer, String servers) {
        try {
            producer.initTransactions();
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "the Kafka brokers at " + servers + " did not answer within max.block.ms (a Kafka client property, "
                            + "default 60000 ms), so the job cannot write its output: " + e,
                    e);
        }
    }

    /** Commits the transaction of a restored ID if the broker holds it open (see the class comment). */
    private void commitRestored(KafkaTransactionId id) {
        TransactionDescription found = describe(id.kafkaId());
        if (found == null) {
            logger.warning("The transaction " + id + " of the snapshot the job restarts from is unknown to the "
                    + "brokers: if it was not committed before, its records are lost");
            return;
        }
        TransactionState state = found.state();
        if (state == TransactionState.ONGOING
                && found.producerId() == id.producerId()
                && found.producerEpoch() == id.epoch()) {
            try (KafkaProducer<byte[], byte[]> producer = producer(id)) {
                KafkaTransactions.resume(producer, id.transaction());
                producer.commitTransaction();
            }
            logger.info("Committed the transaction " + id + " of the snapshot the job restarts from");
        } else if (state == TransactionState.PREPARE_COMMIT || state == TransactionState.COMPLETE_COMMIT) {
            logger.fine("The transaction " + id + " of the snapshot the job restarts from was committed before");
        } else {
            logger.warning("The transaction " + id + " of the snapshot the job restarts from cannot be committed: "
                    + "the brokers report it " + state + " at producer " + found.producerId() + ", epoch "
                    + found.producerEpoch() + ". Unless the job restarted from this snapshot before, its records are "
                    + "lost (aborted by the broker after transaction.timeout.ms?)");
        }
    }

    /** What the brokers know of a transactional ID's transaction, {@code null} if nothing. */
    private TransactionDescription describe(String transactionalId) {
        Map<String, Object> settings = new HashMap<>();
        producerSettings.forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(key)) {
                settings.put(key, value);
            }
        });
        try (Admin admin = Admin.create(settings)) {
            return admin.describeTransactions(List.of(transactionalId))
                    .description(transactionalId)
                    .get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionalIdNotFoundException) {
                return null;
            }
            throw new IllegalStateException(
                    "could not ask the Kafka brokers about the transaction " + transactionalId + ": " + e.getCause(),
                    e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking about the transaction " + transactionalId, e);
        }
    }

    /** A transactional ID's producer, as Jet's pool uses it; {@code id} is {@code null} without transactions. */
    private static final class Transaction implements TransactionalResource<KafkaTransactionId> {

        private final KafkaProducer<byte[], byte[]> producer;
        private final String servers;
        private KafkaTransactionId id;
        private boolean initialized;

        Transaction(KafkaTransactionId id, KafkaProducer<byte[], byte[]> producer, String servers) {
            this.id = id;
            this.producer = producer;
            this.servers = servers;
        }

        @Override
        public KafkaTransactionId id() {
            return id;
        }

        @Override
        public void begin() {
            if (!initialized) {
                initTransactions(producer, servers);
                initialized = true;
            }
            producer.beginTransaction();
        }

        /** Phase 1: everything sent is written, and the ID names this transaction's producer and epoch. */
        @Override
        public boolean flush() {
            producer.flush();
            if (id != null) {
                id = id.prepared(KafkaTransactions.current(producer));
            }
            return true;
        }

        @Override
        public void commit() {
            if (id != null) {
                producer.commitTransaction();
            }
        }

        @Override
        public void rollback() {
            if (id != null) {
                producer.abortTransaction();
            }
        }

        @Override
        public void release() {
            producer.close(Duration.ZERO);
        }
    }
}
