package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.JobSuspensionCause;
import com.hazelcast.jet.impl.JobExecutionRecord;
import com.hazelcast.jet.impl.JobRepository;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.jet.JetSnapshotTest.TestCommitLog;
import dev.sluice.execution.jet.JetSnapshotTest.TestLog;
import dev.sluice.execution.log.CommitLogFn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 16: an exactly-once job survives the loss of the member that coordinates it (the Hazelcast
 * master, Jet's coordinator of every job) at every moment of a snapshot, the job's first one included,
 * on members with Sluice's two backups. Each scenario holds a snapshot at one moment on a member that
 * stays (its input workers, or its commits, wait on a gate), terminates the master as a crash would,
 * opens the gate, feeds the rest and requires the job to complete with every pair exactly once.
 *
 * <p>One cluster of three serves the scenarios in turn: after each, a new member joins, so that the
 * next one starts with three again and its master is another member.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterLossDuringSnapshotTest {

    private static final int EPOCHS = 40;
    private static final int KEYS = 60;

    private static final Consumer<Config> SLUICE_BACKUPS_QUICK_DETECTION = config -> {
        // as SluiceMembers configures a member: two synchronous backups of Jet's data and of every map
        config.getJetConfig().setBackupCount(2);
        config.getMapConfig("default").setBackupCount(2).setAsyncBackupCount(0);
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.getJetConfig().setScaleUpDelayMillis(300);
    };

    private static JetTestCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = JetTestCluster.start(3, i -> null, SLUICE_BACKUPS_QUICK_DETECTION);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void openGates() {
        Gate.INPUT.open();
        Gate.COMMIT.open();
    }

    @Test
    @Order(1)
    void theMasterLostWhileTheFirstSnapshotIsBeingTaken() throws Exception {
        Scenario scenario = new Scenario();
        Gate.INPUT.closeOn(scenario.survivor);
        scenario.input.append(epochs(0, EPOCHS / 2));
        scenario.start();
        await(
                () -> Gate.INPUT.waiting() > 0 && scenario.record().ongoingSnapshotId() == 0,
                () -> "the first snapshot in progress, held on a surviving member; " + scenario);

        scenario.loseTheMaster(Gate.INPUT);

        scenario.finish();
    }

    @Test
    @Order(2)
    void theMasterLostWhileTheFirstSnapshotCommits() throws Exception {
        Scenario scenario = new Scenario();
        Gate.COMMIT.closeOn(scenario.survivor);
        scenario.input.append(epochs(0, EPOCHS / 2));
        scenario.start();
        await(
                () -> Gate.COMMIT.waiting() > 0 && scenario.record().snapshotId() == 0,
                () -> "the first snapshot complete, its commits held on a surviving member; " + scenario);

        scenario.loseTheMaster(Gate.COMMIT);

        scenario.finish();
    }

    @Test
    @Order(3)
    void theMasterLostWhileALaterSnapshotIsBeingTaken() throws Exception {
        Scenario scenario = new Scenario();
        scenario.input.append(epochs(0, EPOCHS / 4));
        scenario.start();
        await(() -> scenario.record().snapshotId() >= 2, () -> "three snapshots; " + scenario);
        // no gate: a held input worker would hold the last snapshot's commit too, and with it the next
        // snapshot; a snapshot takes long enough here to be caught under way
        scenario.input.append(epochs(EPOCHS / 4, EPOCHS / 2));
        await(
                () -> {
                    JobExecutionRecord record = scenario.record();
                    return record.ongoingSnapshotId() > record.snapshotId();
                },
                () -> "a later snapshot under way; " + scenario);

        cluster.terminate(scenario.master);

        scenario.finish();
    }

    @Test
    @Order(4)
    void theMasterLostWhileALaterSnapshotCommits() throws Exception {
        Scenario scenario = new Scenario();
        scenario.input.append(epochs(0, EPOCHS / 4));
        scenario.start();
        await(() -> scenario.record().snapshotId() >= 2, () -> "three snapshots; " + scenario);
        Gate.COMMIT.closeOn(scenario.survivor);
        scenario.input.append(epochs(EPOCHS / 4, EPOCHS / 2));
        await(
                () -> Gate.COMMIT.waiting() > 0
                        && scenario.record().ongoingSnapshotId()
                                == scenario.record().snapshotId(),
                () -> "a later snapshot complete, its commits held on a surviving member; " + scenario);

        scenario.loseTheMaster(Gate.COMMIT);

        scenario.finish();
    }

    /** One job on the cluster as it is: its master, a member that stays, the job's input and output. */
    private static final class Scenario {
        final int master = cluster.masterIndex();
        final int survivor = cluster.runningIndices().stream()
                .filter(i -> i != master)
                .reduce((first, second) -> second)
                .orElseThrow();
        final TestLog input = TestLog.create();
        final TestCommitLog output = TestCommitLog.create();
        long jobId;

        @SuppressWarnings({"unchecked", "rawtypes"})
        void start() {
            DAG dag = JetDataflow.dag((Dataflow) FLOW, input, new GatedCommitLog(output), 2);
            Job job = cluster.member(survivor)
                    .getJet()
                    .newJob(
                            dag,
                            new JobConfig()
                                    .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                                    .setSnapshotIntervalMillis(100)
                                    // as the service submits a job with a guarantee (FailureSuspensions)
                                    .setSuspendOnFailure(true));
            jobId = job.getId();
        }

        /** The job's record in Jet's own map: its last complete and its ongoing snapshot. */
        JobExecutionRecord record() {
            JobExecutionRecord record = cluster.member(survivor)
                    .<Long, JobExecutionRecord>getMap(JobRepository.JOB_EXECUTION_RECORDS_MAP_NAME)
                    .get(jobId);
            return record != null ? record : new JobExecutionRecord(jobId, 0);
        }

        /** Terminates the master as a crash would, then opens the gate that held the snapshot. */
        void loseTheMaster(Gate gate) {
            cluster.terminate(master);
            gate.open();
        }

        /** Feeds the rest, closes the input, and requires the job to complete with every pair once. */
        void finish() throws Exception {
            input.append(epochs(EPOCHS / 2, EPOCHS));
            input.close();
            Job job = cluster.member(survivor).getJet().getJob(jobId);
            try {
                awaitEndResumingJetFaults(job);
            } finally {
                // the next scenario starts with three members again
                cluster.addMember();
            }
            assertThat(job.getStatus()).isEqualTo(JobStatus.COMPLETED);
            assertExactlyOnce(output);
        }

        /**
         * Waits for the job to end, resuming it, as the service does, when Jet suspended it for one of
         * its own faults ({@link JetFaults}: Hazelcast 5.5's class-loader race after a master loss);
         * fails at once on any other failure.
         */
        private void awaitEndResumingJetFaults(Job job) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            int resumes = 0;
            while (!job.getFuture().isDone()) {
                if (job.getStatus() == JobStatus.SUSPENDED) {
                    JobSuspensionCause cause = job.getSuspensionCause();
                    assertThat(cause.dueToError() && JetFaults.resumable(cause.errorCause()) && resumes < 3)
                            .as(() -> "suspended, not for a fault of Jet's own: " + cause.description())
                            .isTrue();
                    resumes++;
                    job.resume();
                }
                assertThat(System.nanoTime())
                        .as(() -> "the job ends within 90 s; " + this)
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            job.getFuture().get();
        }

        @Override
        public String toString() {
            Job job = jobId == 0 ? null : cluster.member(survivor).getJet().getJob(jobId);
            return "job " + (job == null ? "not started" : job.getIdString() + " " + job.getStatus()) + ", record "
                    + (jobId == 0 ? "none" : record()) + ", commits " + output.commits();
        }
    }

    /** A running total per key (order-sensitive across epochs), then per-epoch sums of the totals. */
    private static final Dataflow<KeyValue<String, Integer>, ?> FLOW = Dataflow.keyValueInput(
                    String.class, Integer.class)
            .inspect(item -> Gate.INPUT.pass())
            .statefulMap(key -> 0, (Integer total, Integer value) -> StateUpdate.of(total + value, total + value))
            .capture()
            .reduceEpoch(Integer::sum)
            .capture();

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

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> failure)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 60 s: " + failure.get());
            }
            Thread.sleep(5);
        }
    }

    /**
     * Holds the threads of one member (Jet names them {@code hz.<instance>.…}) where it is passed,
     * until it is opened: a snapshot cannot complete while an input worker is held, nor commit while a
     * commit is.
     */
    private enum Gate {
        INPUT,
        COMMIT;

        private volatile String closedOn;
        private volatile CountDownLatch opened = new CountDownLatch(0);
        private final AtomicInteger waiting = new AtomicInteger();

        void closeOn(int member) {
            opened = new CountDownLatch(1);
            closedOn = "hz." + cluster.instanceName(member) + ".";
        }

        void open() {
            closedOn = null;
            opened.countDown();
        }

        int waiting() {
            return waiting.get();
        }

        void pass() {
            String on = closedOn;
            if (on == null || !Thread.currentThread().getName().startsWith(on)) {
                return;
            }
            waiting.incrementAndGet();
            try {
                if (!opened.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate " + this + " not opened in 60 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** The test's commit log, each commit passing {@link Gate#COMMIT} first. */
    private record GatedCommitLog(TestCommitLog log) implements CommitLogFn {
        @Override
        public void commit(int writer, long sequence, List<EpochItem<Object>> pairs) {
            Gate.COMMIT.pass();
            log.commit(writer, sequence, pairs);
        }

        @Override
        public OutputFn build(int workerIndex, int workerCount) {
            throw new UnsupportedOperationException("a job with a processing guarantee commits");
        }
    }
}
