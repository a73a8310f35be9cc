package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.JobStatus;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.log.CommitLogFn;
import dev.sluice.execution.log.LogInputFn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Jobs with a processing guarantee: keyed state, input positions and staged output survive Jet
 * restarting the job — gracefully, after a member is lost, and when a member joins and the workers
 * grow — and every pair reaches the commit log exactly once, equal to the one-worker result.
 */
class JetSnapshotTest {

    private static final int EPOCHS = 48;
    private static final int KEYS = 120;

    /** Order-sensitive across epochs (a running total per key), then per-epoch sums of those totals. */
    private static final Dataflow<KeyValue<String, Integer>, ?> FLOW = Dataflow.keyValueInput(
                    String.class, Integer.class)
            .statefulMap(key -> 0, (Integer total, Integer value) -> StateUpdate.of(total + value, total + value))
            .capture()
            .reduceEpoch(Integer::sum)
            .capture();

    private static final Consumer<Config> QUICK_FAILURE_DETECTION = config -> {
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.getJetConfig().setScaleUpDelayMillis(300);
    };

    @Test
    void aGracefulRestartAndALostMemberRepeatAndLoseNothing() throws Exception {
        try (JetTestCluster cluster = JetTestCluster.start(3, i -> null, QUICK_FAILURE_DETECTION)) {
            TestLog input = TestLog.create();
            TestCommitLog output = TestCommitLog.create();
            Job job = start(cluster.member(0), input, output);

            restartThenLoseAMember(cluster, job, input, output);

            assertExactlyOnce(output);
        }
    }

    @Test
    void aJoiningMemberGrowsTheWorkersAndStateFollowsItsKeys() throws Exception {
        try (JetTestCluster cluster = JetTestCluster.start(1, i -> null, QUICK_FAILURE_DETECTION)) {
            TestLog input = TestLog.create();
            TestCommitLog output = TestCommitLog.create();
            Job job = start(cluster.member(0), input, output);

            input.append(epochs(0, 24));
            awaitCommits(output, 1, job);
            cluster.addMember(); // Jet scales the job up: 2 workers become 4
            for (int epoch = 24; epoch < EPOCHS; epoch++) {
                input.append(epochs(epoch, epoch + 1));
                if (output.highestWriter() < 2) {
                    Thread.sleep(250); // the rest goes in once the new workers commit
                }
            }
            input.close();
            job.getFuture().get(90, TimeUnit.SECONDS);

            assertThat(output.highestWriter())
                    .as("the highest worker that committed: the job grew to 4")
                    .isEqualTo(3);
            assertExactlyOnce(output);
        }
    }

    /**
     * At least once: after a restart some input may be processed twice, so pairs may repeat; with a
     * flow whose result a repeat cannot change (the highest value per key and epoch), every expected
     * pair is there and nothing else.
     */
    @Test
    void atLeastOnceLosesNothing() throws Exception {
        Dataflow<KeyValue<String, Integer>, ?> highest = Dataflow.keyValueInput(String.class, Integer.class)
                .reduceEpoch(Math::max)
                .capture();
        try (JetTestCluster cluster = JetTestCluster.start(3, i -> null, QUICK_FAILURE_DETECTION)) {
            TestLog input = TestLog.create();
            TestCommitLog output = TestCommitLog.create();
            Job job = start(cluster.member(0), highest, ProcessingGuarantee.AT_LEAST_ONCE, input, output);

            restartThenLoseAMember(cluster, job, input, output);

            @SuppressWarnings({"unchecked", "rawtypes"})
            List<EpochItem<Object>> expected = Sluice.run((Dataflow) highest, (List) epochs(0, EPOCHS));
            assertThat(new HashSet<>(output.pairs())).isEqualTo(new HashSet<>(expected));
        }
    }

    /**
     * Feeds the job a third of the input, restarts it gracefully once it has committed, feeds another
     * third, terminates member 2 once two more commits are in, feeds the rest and waits for the end.
     */
    private static void restartThenLoseAMember(JetTestCluster cluster, Job job, TestLog input, TestCommitLog output)
            throws Exception {
        input.append(epochs(0, 16));
        awaitCommits(output, 1, job);
        job.restart();
        awaitRunning(job);
        input.append(epochs(16, 32));
        awaitCommits(output, output.commits() + 2, job);
        cluster.terminate(2);
        input.append(epochs(32, EPOCHS));
        input.close();
        job.getFuture().get(90, TimeUnit.SECONDS);
    }

    private static Job start(HazelcastInstance member, TestLog input, TestCommitLog output) {
        return start(member, FLOW, ProcessingGuarantee.EXACTLY_ONCE, input, output);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Job start(
            HazelcastInstance member,
            Dataflow<?, ?> flow,
            ProcessingGuarantee guarantee,
            TestLog input,
            TestCommitLog output) {
        DAG dag = JetDataflow.dag((Dataflow) flow, input, output, 2);
        return member.getJet()
                .newJob(dag, new JobConfig().setProcessingGuarantee(guarantee).setSnapshotIntervalMillis(100));
    }

    /** One reading per key per epoch, so the result does not depend on the order within an epoch. */
    private static List<EpochItem<Object>> epochs(int from, int to) {
        List<EpochItem<Object>> items = new ArrayList<>();
        for (int epoch = from; epoch < to; epoch++) {
            for (int k = 0; k < KEYS; k++) {
                items.add(EpochItem.of(epoch, KeyValue.of("key" + k, (epoch * 7 + k) % 13)));
            }
        }
        return items;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void assertExactlyOnce(TestCommitLog output) {
        output.assertExactlyOnce(Sluice.run((Dataflow) FLOW, (List) epochs(0, EPOCHS)));
    }

    private static void awaitCommits(TestCommitLog output, int commits, Job job) throws InterruptedException {
        await(() -> output.commits() >= commits, "no " + commits + " commits; job " + job.getStatus());
    }

    private static void awaitRunning(Job job) throws InterruptedException {
        await(() -> job.getStatus() == JobStatus.RUNNING, "job not running again: " + job.getStatus());
    }

    private static void await(BooleanSupplier condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.sleep(20);
        }
    }

    /** A log in this JVM that the test appends to: members of this JVM read it by name. */
    static final class TestLog implements LogInputFn<Object> {
        private static final Map<String, TestLog> LOGS = new ConcurrentHashMap<>();

        private final String name;
        private transient List<EpochItem<Object>> items;
        private transient volatile boolean closed;

        private TestLog(String name) {
            this.name = name;
        }

        static TestLog create() {
            TestLog log = new TestLog(UUID.randomUUID().toString());
            log.items = new CopyOnWriteArrayList<>();
            LOGS.put(log.name, log);
            return log;
        }

        void append(List<EpochItem<Object>> more) {
            items.addAll(more);
        }

        void close() {
            closed = true;
        }

        @Override
        public Iterator<EpochItem<Object>> read(long from) {
            TestLog log = LOGS.get(name);
            return new Iterator<>() {
                private long next = from;
                private EpochItem<Object> last;

                @Override
                public boolean hasNext() {
                    long idleAt = System.nanoTime() + 20_000_000;
                    while (next >= log.items.size()) {
                        if (log.closed && next >= log.items.size()) {
                            return false;
                        }
                        if (System.nanoTime() > idleAt) {
                            return true; // an idle marker
                        }
                        Thread.onSpinWait();
                    }
                    return true;
                }

                @Override
                public EpochItem<Object> next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    if (next >= log.items.size()) {
                        return EpochItem.advanceTo(last == null ? 0 : last.epoch());
                    }
                    last = log.items.get((int) next++);
                    return last;
                }
            };
        }
    }

    /** A commit log in this JVM, skipping commits it has, as {@link CommitLogFn} asks. */
    static final class TestCommitLog implements CommitLogFn {
        private static final Map<String, TestCommitLog> LOGS = new ConcurrentHashMap<>();

        private final String name;
        private final transient List<EpochItem<Object>> pairs = new ArrayList<>();
        private final transient Map<Integer, Long> lastCommits = new HashMap<>();
        private transient int commits;
        private transient int highestWriter = -1;

        private TestCommitLog(String name) {
            this.name = name;
        }

        static TestCommitLog create() {
            TestCommitLog log = new TestCommitLog(UUID.randomUUID().toString());
            LOGS.put(log.name, log);
            return log;
        }

        @Override
        public void commit(int writer, long sequence, List<EpochItem<Object>> committed) {
            TestCommitLog log = LOGS.get(name);
            synchronized (log) {
                if (log.lastCommits.getOrDefault(writer, -1L) >= sequence) {
                    return;
                }
                log.lastCommits.put(writer, sequence);
                log.pairs.addAll(committed);
                log.commits++;
                log.highestWriter = Math.max(log.highestWriter, writer);
            }
        }

        synchronized int highestWriter() {
            return highestWriter;
        }

        synchronized int commits() {
            return commits;
        }

        synchronized List<EpochItem<Object>> pairs() {
            return new ArrayList<>(pairs);
        }

        /**
         * Asserts that this log holds {@code expected} exactly once, in any order: no pair missing, none
         * committed twice.
         */
        void assertExactlyOnce(List<EpochItem<Object>> expected) {
            List<EpochItem<Object>> committed = pairs();
            Map<String, Integer> missingOrRepeated = new TreeMap<>();
            counts(expected).forEach((pair, count) -> missingOrRepeated.merge(pair, -count, Integer::sum));
            counts(committed).forEach((pair, count) -> missingOrRepeated.merge(pair, count, Integer::sum));
            missingOrRepeated.values().removeIf(difference -> difference == 0);
            assertThat(missingOrRepeated)
                    .as(
                            "pairs repeated (> 0) or missing (< 0) in the committed output of %s pairs, expected %s",
                            committed.size(), expected.size())
                    .isEmpty();
            assertThat(committed).hasSameSizeAs(expected);
        }

        private static Map<String, Integer> counts(List<EpochItem<Object>> pairs) {
            Map<String, Integer> counts = new HashMap<>();
            pairs.forEach(pair -> counts.merge(pair.toString(), 1, Integer::sum));
            return counts;
        }

        @Override
        public OutputFn build(int workerIndex, int workerCount) {
            throw new UnsupportedOperationException("a job with a processing guarantee commits");
        }
    }
}
