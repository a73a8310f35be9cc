package dev.sluice.server.jobs;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.log.LogInputFn;
import dev.sluice.execution.log.LogProgress;
import dev.sluice.execution.log.LogShare;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.jobs.JobExceptions.InputConflictException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A job's http input as stored and as each worker reads it. The reader never blocks: while a read of
 * the cluster is under way it yields an idle marker ({@link EpochItem#advanceTo} of its current
 * epoch), so the helpers here take the items it yields and leave those markers out.
 */
class HttpJobInputTest {

    private static HazelcastInstance member;
    private static String clusterName;

    @BeforeAll
    static void startMember() {
        clusterName = "input-test-" + UUID.randomUUID();
        member = SluiceMembers.start(
                ClusterSettings.defaults().withClusterName(clusterName).withPort(ServiceTestSupport.freePort()));
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    @Test
    void eachWorkerReadsItsShareAndFollowsTheStreamsEpochs() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(0, "a"), of(0, "b"), of(1, "c")));
        store.appendInput(job, List.of(of(1, "d"), of(4, "e")));
        store.closeInput(job);

        List<EpochItem<Object>> worker0 = read(new HttpJobInput(new JobLogs(clusterName, job)), 0, 2);
        List<EpochItem<Object>> worker1 = read(new HttpJobInput(new JobLogs(clusterName, job)), 1, 2);

        assertThat(worker0).containsExactly(of(0, "a"), of(1, "c"), of(4, "e"));
        assertThat(worker1.stream().map(p -> p.isAdvance() ? "advance " + p.epoch() : p.toString()))
                .containsExactly("advance 0", "(0, b)", "advance 1", "(1, d)", "advance 4");
    }

    @Test
    void aBodyThatGoesBackIsRefusedWhole() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(3, "a")));

        assertThatThrownBy(() -> store.appendInput(job, List.of(of(2, "b"), of(5, "c"))))
                .isInstanceOf(InputConflictException.class)
                .hasMessageContaining("epoch 2 is below epoch 3");
        assertThat(store.inputLog(job).items()).isEqualTo(1);
        store.closeInput(job);
        assertThatThrownBy(() -> store.appendInput(job, List.of(of(9, "z")))).hasMessageContaining("closed");
    }

    @Test
    void theLogReadsOnFromAnyItemAcrossBatches() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(0, "a"), of(0, "b"), of(1, "c")));
        store.appendInput(job, List.of(of(1, "d")));
        store.appendInput(job, List.of(of(2, "e"), of(3, "f")));
        store.closeInput(job);
        HttpJobInput input = new HttpJobInput(new JobLogs(clusterName, job));

        assertThat(drain(input.read(0)))
                .containsExactly(of(0, "a"), of(0, "b"), of(1, "c"), of(1, "d"), of(2, "e"), of(3, "f"));
        assertThat(drain(input.read(2))).containsExactly(of(1, "c"), of(1, "d"), of(2, "e"), of(3, "f"));
        assertThat(drain(input.read(3))).containsExactly(of(1, "d"), of(2, "e"), of(3, "f"));
        assertThat(drain(input.read(5))).containsExactly(of(3, "f"));
        assertThat(drain(input.read(6))).isEmpty();
    }

    @Test
    void aBatchLostWithMembersFailsTheReadRatherThanSkipIt() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(0, "a")));
        store.appendInput(job, List.of(of(1, "b")));
        store.closeInput(job);
        member.getMap(JobStore.INPUT_BATCHES).delete(job + "/1");

        Iterator<EpochItem<Object>> log = new HttpJobInput(new JobLogs(clusterName, job)).read(0);
        assertThat(nextItem(log)).isEqualTo(of(0, "a"));
        assertThatThrownBy(() -> nextItem(log))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch 1 of the input of job '" + job + "' was accepted but is missing");
        // where a restored worker reads on is found off the caller's thread; the failure comes with the read
        assertThatThrownBy(() -> drain(new HttpJobInput(new JobLogs(clusterName, job)).read(1)))
                .hasMessageContaining("batch 1 of the input of job '" + job + "' was accepted but is missing");
    }

    /**
     * A restarted worker finds where it reads on while retention drops what every worker passed, as
     * after a member loss, when the old run's last reports come in beside the new run's start. The
     * search must step over batches retention took, and only those: it once met a batch that the
     * trimmer had removed but not yet recorded as dropped, and failed the job as if the batch had
     * been lost with the member.
     */
    @Test
    void findingWhereToReadOnStepsOverWhatRetentionDropsMeanwhile() throws Exception {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        int batches = 400;
        for (int b = 0; b < batches; b++) {
            store.appendInput(job, List.of(of(b, "item " + b)));
        }
        InputTrimmer trimmer = new InputTrimmer(member, store);
        IMap<String, InputPositions> positions = member.getMap(InputPositions.MAP);
        AtomicLong reader = new AtomicLong(); // where the restarted worker reads on: nothing below it is wanted
        AtomicBoolean seeking = new AtomicBoolean(true);
        AtomicLong dropped = new AtomicLong();
        Thread retention = new Thread(() -> {
            while (seeking.get()) {
                positions.set(job, new InputPositions(1, new long[] {reader.get()}));
                dropped.addAndGet(trimmer.trim(job));
            }
        });
        retention.start();
        try {
            for (long from = 1; from < batches; from += 3) {
                reader.set(from);
                assertThat(store.batchOf(job, from, batches))
                        .as("the batch holding item %d", from)
                        .isEqualTo(from);
            }
        } finally {
            seeking.set(false);
            retention.join();
        }
        long firstKept = store.inputKept(job).firstBatch();
        assertThat(dropped.get())
                .as("batches dropped while the worker looked")
                .isEqualTo(firstKept)
                .isPositive();
        assertThat(member.getMap(JobStore.INPUT_BATCHES).containsKey(job + "/" + (firstKept - 1)))
                .isFalse();
        assertThat(member.getMap(JobStore.INPUT_BATCHES).containsKey(job + "/" + firstKept))
                .isTrue();
    }

    /**
     * Two trimmers meet while a job's records migrate: each scans from the first batch it read as kept,
     * and the one that records second must count only the batches the first did not, or the backlog
     * reads low and the job takes more input than its budget.
     */
    @Test
    void batchesAnotherTrimmerRecordedAreNotCountedTwice() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        long[] sizes = {100, 200, 300, 400, 500};
        for (int b = 0; b < sizes.length; b++) {
            store.appendInput(job, List.of(of(b, "item " + b)), sizes[b], Long.MAX_VALUE);
        }
        InputTrimmer first = new InputTrimmer(member, store);
        InputTrimmer second = new InputTrimmer(member, store);

        assertThat(first.recordDropped(job, new InputTrimmer.Droppable(0, 2, new long[] {100, 200})))
                .isEqualTo(2);
        assertThat(second.recordDropped(job, new InputTrimmer.Droppable(0, 4, new long[] {100, 200, 300, 400})))
                .as("batches only the second trimmer recorded")
                .isEqualTo(2);
        assertThat(first.recordDropped(job, new InputTrimmer.Droppable(0, 3, new long[] {100, 200, 300})))
                .as("a trimmer that comes after another went further")
                .isZero();

        InputKept kept = store.inputKept(job);
        assertThat(kept.firstBatch()).isEqualTo(4);
        assertThat(kept.droppedBytes()).isEqualTo(100 + 200 + 300 + 400);
        assertThat(kept.backlogBytes()).isEqualTo(500);
    }

    @Test
    void aReaderWaitingForInputNeverBlocksAndTakesABatchAsSoonAsItComes() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(2, "a")));
        Iterator<EpochItem<Object>> log = new HttpJobInput(new JobLogs(clusterName, job)).read(0);
        assertThat(nextItem(log)).isEqualTo(of(2, "a"));

        long slowest = 0;
        for (int i = 0; i < 10_000; i++) {
            long before = System.nanoTime();
            EpochItem<Object> idle = log.next();
            slowest = Math.max(slowest, System.nanoTime() - before);
            assertThat(idle).isEqualTo(EpochItem.advanceTo(2));
        }
        // generous for a loaded machine: what matters is that no call waits for the cluster (10 ms polls before)
        assertThat(slowest).as("the slowest of 10000 calls, ns").isLessThan(50_000_000);

        store.appendInput(job, List.of(of(3, "b")));
        long sent = System.nanoTime();
        assertThat(nextItem(log)).isEqualTo(of(3, "b"));
        assertThat(System.nanoTime() - sent)
                .as("a batch is read when the member's watch hears of it, not at the next poll of the log")
                .isLessThan(HttpJobInput.WATCHED_POLL_MILLIS * 1_000_000 / 2);
        store.closeInput(job);
        assertThat(drain(log)).isEmpty();
    }

    /** The items of the raw log to its end; its markers are all idle ones. */
    private static List<EpochItem<Object>> drain(Iterator<EpochItem<Object>> log) {
        List<EpochItem<Object>> read = new ArrayList<>();
        log.forEachRemaining(pair -> {
            if (!pair.isAdvance()) {
                read.add(pair);
            }
        });
        return read;
    }

    /** The next item of the raw log, past the idle markers it yields while a read is under way. */
    private static EpochItem<Object> nextItem(Iterator<EpochItem<Object>> log) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            EpochItem<Object> pair = log.next();
            if (!pair.isAdvance()) {
                return pair;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no item within 10 s");
    }

    /** A worker's share of the log's items, as the engine hands them out ({@link LogInputFn#build}). */
    private static List<EpochItem<Object>> read(HttpJobInput input, int worker, int workers) {
        List<EpochItem<Object>> items = drain(input.read(0));
        List<EpochItem<Object>> share = new ArrayList<>();
        new LogShare<>(items.iterator(), 0, worker, workers, LogProgress.NONE).forEachRemaining(share::add);
        return share;
    }
}
