package dev.sluice.server.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.SupplierEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.RestartableException;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.jet.pipeline.StreamSource;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The moment exactly-once Kafka output could lose pairs (issue 20): a job that stops after a snapshot is
 * complete and before its transactions are committed (Jet's phases 1 and 2) must commit them when it
 * restarts from that snapshot, also when they are not their producer's first, on a broker of either
 * transaction version. A wrapper around the output's processor fails the job once, at the start of
 * phase 2 of a later snapshot, as a member that dies there would; a {@code read_committed} consumer must
 * then see every pair once. One member and the broker run in this JVM.
 */
class KafkaOutputRecoveryTest {

    private static final int PAIRS = 1_500;
    /**
     * The phase 2 that fails, of the fifth snapshot: its transaction is the third on its transactional ID
     * (the worker's two take turns), so not the ID's first.
     */
    private static final int FAILING_COMMIT = 5;

    /** Counts down phase 2 calls; the one that brings it to 0 fails. */
    private static final AtomicInteger COMMITS_BEFORE_FAILURE = new AtomicInteger();

    private static KafkaBroker broker;
    private static HazelcastInstance member;

    @BeforeAll
    static void start() {
        broker = KafkaBroker.start();
        int port = LocalCluster.freeLoopbackPorts(1).get(0);
        Config config = SluiceMembers.config(ClusterSettings.defaults()
                .withClusterName("kafka-recovery-" + UUID.randomUUID())
                .withPort(port)
                .withMembers(List.of("127.0.0.1:" + port))
                .withBackupCount(0));
        member = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() {
        if (member != null) {
            member.getLifecycleService().terminate();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @ParameterizedTest(name = "transaction.version={0}")
    @ValueSource(ints = {2, 1})
    void transactionsPreparedWhenTheJobStopsAreCommittedWhenItRestarts(int transactionVersion) throws Exception {
        broker.transactionVersion(transactionVersion);
        String topic = KafkaBroker.uniqueTopic("out");
        broker.createTopic(topic, 1);
        COMMITS_BEFORE_FAILURE.set(FAILING_COMMIT);
        SupplierEx<Processor> output =
                KafkaJobOutput.of(broker.bootstrapServers(), topic, null).processor();

        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(pairs())
                .withoutTimestamps()
                .writeTo(Sinks.fromProcessor(
                        "output", ProcessorMetaSupplier.of(() -> new FailingOnceAtPhase2(output.get()))))
                .setLocalParallelism(1);
        Job job = member.getJet()
                .newJob(
                        pipeline,
                        new JobConfig()
                                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                                .setSnapshotIntervalMillis(100));
        try {
            List<String> got =
                    broker.readCommitted(topic, PAIRS, Duration.ofSeconds(60), Duration.ofSeconds(2)).stream()
                            .map(read -> read.epoch() + " " + read.value())
                            .toList();

            assertThat(COMMITS_BEFORE_FAILURE.get()).as("phase 2 failed once").isNegative();
            List<String> expected = IntStream.range(0, PAIRS)
                    .mapToObj(i -> (i / 100) + " \"pair-" + i + "\"")
                    .toList();
            assertThat(got).as("what a read_committed consumer sees").containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            job.cancel();
        }
    }

    /**
     * Pairs {@code pair-0} to {@code pair-1499} in epochs of 100: the first 100 at once, then 100 more
     * after each snapshot, so that every snapshot's transaction holds some. The next one to emit is kept
     * in the job's snapshots.
     */
    private static StreamSource<EpochItem<Object>> pairs() {
        return SourceBuilder.stream("pairs", context -> new long[] {0, 100})
                .<EpochItem<Object>>fillBufferFn((state, buffer) -> {
                    while (state[0] < Math.min(PAIRS, state[1])) {
                        int i = (int) state[0]++;
                        buffer.add(EpochItem.of(i / 100, "pair-" + i));
                    }
                })
                .createSnapshotFn(state -> {
                    state[1] += 100;
                    return state[0];
                })
                .restoreSnapshotFn((state, saved) -> {
                    state[0] = saved.get(0);
                    state[1] = state[0] + 100;
                })
                .build();
    }

    /**
     * The output's processor, but the phase 2 that brings {@link #COMMITS_BEFORE_FAILURE} to 0 fails the
     * job (to be restarted) before the processor commits: what the job sees when a member dies there.
     */
    private static final class FailingOnceAtPhase2 implements Processor {

        private final Processor processor;

        FailingOnceAtPhase2(Processor processor) {
            this.processor = processor;
        }

        @Override
        public boolean snapshotCommitFinish(boolean success) {
            if (success && COMMITS_BEFORE_FAILURE.decrementAndGet() == 0) {
                throw new RestartableException("the test stops the job between the phases of a snapshot");
            }
            return processor.snapshotCommitFinish(success);
        }

        @Override
        public boolean isCooperative() {
            return processor.isCooperative();
        }

        @Override
        public void init(Outbox outbox, Context context) throws Exception {
            processor.init(outbox, context);
        }

        @Override
        public void process(int ordinal, Inbox inbox) {
            processor.process(ordinal, inbox);
        }

        @Override
        public boolean tryProcessWatermark(Watermark watermark) {
            return processor.tryProcessWatermark(watermark);
        }

        @Override
        public boolean tryProcessWatermark(int ordinal, Watermark watermark) {
            return processor.tryProcessWatermark(ordinal, watermark);
        }

        @Override
        public boolean tryProcess() {
            return processor.tryProcess();
        }

        @Override
        public boolean completeEdge(int ordinal) {
            return processor.completeEdge(ordinal);
        }

        @Override
        public boolean complete() {
            return processor.complete();
        }

        @Override
        public boolean saveToSnapshot() {
            return processor.saveToSnapshot();
        }

        @Override
        public boolean snapshotCommitPrepare() {
            return processor.snapshotCommitPrepare();
        }

        @Override
        public void restoreFromSnapshot(Inbox inbox) {
            processor.restoreFromSnapshot(inbox);
        }

        @Override
        public boolean finishSnapshotRestore() {
            return processor.finishSnapshotRestore();
        }

        @Override
        public void close() throws Exception {
            processor.close();
        }

        @Override
        public boolean closeIsCooperative() {
            return processor.closeIsCooperative();
        }
    }
}
