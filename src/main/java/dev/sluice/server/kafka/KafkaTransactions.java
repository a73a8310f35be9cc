package dev.sluice.server.kafka;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.internals.TransactionManager;
import org.apache.kafka.common.utils.ProducerIdAndEpoch;

/**
 * What the Kafka client does not offer for a transaction that another process prepared: the producer ID
 * and epoch a transactional producer writes with now, and a fresh producer made to continue such a
 * transaction so that it can commit it. Both go through the client's internals ({@link
 * TransactionManager}), as Flink's and Jet's Kafka sinks do: Kafka's own way (KIP-939's {@code
 * prepareTransaction}/{@code completeTransaction}) is not usable yet; 4.2 took its public API out again
 * and brokers up to 4.3 refuse {@code keepPreparedTxn} (KAFKA-19414, KAFKA-20739).
 *
 * <p>Written for the 4.x client ({@code kafka-clients} 4.1): a client whose internals differ fails here
 * with {@link IllegalStateException} naming what it did not find, never silently.
 */
final class KafkaTransactions {

    private KafkaTransactions() {}

    /**
     * The producer ID and epoch a transactional producer writes its current transaction with. Read when
     * the transaction is prepared: with transaction version 2 (Kafka 4's default) the broker gives the
     * producer a new epoch at every commit, so the epoch of its first transaction is not that of a later one.
     */
    static ProducerIdAndEpoch current(KafkaProducer<?, ?> producer) {
        return (ProducerIdAndEpoch) get(transactionManager(producer), "producerIdAndEpoch");
    }

    /**
     * Makes a new producer (its {@code transactional.id} that of the transaction, {@code initTransactions}
     * not called: that would abort the transaction) continue the open transaction of that producer ID
     * and epoch, so that {@link KafkaProducer#commitTransaction} commits it.
     */
    static void resume(KafkaProducer<?, ?> producer, ProducerIdAndEpoch transaction) {
        Object manager = transactionManager(producer);
        synchronized (manager) {
            transition(manager, "INITIALIZING");
            set(manager, "producerIdAndEpoch", new ProducerIdAndEpoch(transaction.producerId, transaction.epoch));
            transition(manager, "READY");
            transition(manager, "IN_TRANSACTION");
            set(manager, "transactionStarted", true);
        }
    }

    private static Object transactionManager(KafkaProducer<?, ?> producer) {
        Object manager = get(producer, "transactionManager");
        if (manager == null) {
            throw new IllegalStateException("the producer is not transactional (no transactional.id)");
        }
        return manager;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void transition(Object manager, String state) {
        try {
            Class<? extends Enum> states =
                    (Class<? extends Enum>) Class.forName(TransactionManager.class.getName() + "$State");
            Method transitionTo = TransactionManager.class.getDeclaredMethod("transitionTo", states);
            transitionTo.setAccessible(true);
            transitionTo.invoke(manager, Enum.valueOf(states, state));
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(
                    "the Kafka client refused the transaction state " + state + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw incompatible("TransactionManager.transitionTo(State." + state + ")", e);
        }
    }

    private static Object get(Object owner, String name) {
        try {
            return field(owner, name).get(owner);
        } catch (ReflectiveOperationException e) {
            throw incompatible(owner.getClass().getSimpleName() + "." + name, e);
        }
    }

    private static void set(Object owner, String name, Object value) {
        try {
            field(owner, name).set(owner, value);
        } catch (ReflectiveOperationException e) {
            throw incompatible(owner.getClass().getSimpleName() + "." + name, e);
        }
    }

    private static Field field(Object owner, String name) throws NoSuchFieldException {
        Field field = owner.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static IllegalStateException incompatible(String what, Exception cause) {
        return new IllegalStateException(
                "this Kafka client (kafka-clients) has no " + what + ": Sluice's Kafka output is written for the "
                        + "4.x client's transaction internals",
                cause);
    }
}
