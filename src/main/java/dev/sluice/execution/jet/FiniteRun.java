package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.failure.Throwables;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A finite input run across a whole cluster, with the captured pairs brought back: the input split
 * round-robin over every worker of every member ({@link RoundRobinInput}), the captured pairs
 * gathered on one member, the collector ({@link CollectedOutput}), and returned, in no particular
 * order. What the service does on every {@code POST /flows/{name}/run}, and what {@code runCluster}
 * does on its child JVMs. A run leaves nothing behind: no distributed object is made for it (see
 * {@link RunOutputs} for why), and its input is held in the submitting JVM only while it runs, so that
 * Jet's serialization of the job carries a key instead of it ({@link RunInputs}).
 *
 * <pre>{@code
 * List<EpochItem<Object>> captured = FiniteRun.onMember(member, flow, input, 4);
 * }</pre>
 */
public final class FiniteRun {

    private FiniteRun() {}

    /**
     * Runs the flow as a Jet light job submitted from {@code member}, which collects the output, and
     * returns every captured pair. Failures are those of {@link JetDataflow#run}: what a step threw, as
     * it was thrown.
     *
     * @param member a member of the cluster to run on
     * @param workersPerProcess the workers on each member, {@code >= 1}
     * @throws NullPointerException when a pair is {@code null}, naming its index
     */
    public static <I> List<EpochItem<Object>> onMember(
            HazelcastInstance member,
            Dataflow<I, ?> flow,
            Iterable<? extends EpochItem<? extends I>> input,
            int workersPerProcess) {
        return onMember(member, flow, input, workersPerProcess, null);
    }

    /**
     * The same, with the run's workers counting what each step does under {@code tag} in their
     * members' {@link MemberMetrics} ({@code null}: nowhere).
     */
    public static <I> List<EpochItem<Object>> onMember(
            HazelcastInstance member,
            Dataflow<I, ?> flow,
            Iterable<? extends EpochItem<? extends I>> input,
            int workersPerProcess,
            MetricsTag tag) {
        Objects.requireNonNull(member, "member must not be null");
        RoundRobinInput<I> items = RoundRobinInput.of(input);
        String inputKey = UUID.randomUUID().toString();
        try {
            return collect(
                    member,
                    member.getCluster().getLocalMember(),
                    member.getConfig().getClusterName(),
                    flow,
                    items.inThisJvm(inputKey),
                    (inputBuilder, outputBuilder) -> JetDataflow.run(
                            member, JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProcess, tag)));
        } finally {
            RunInputs.close(inputKey);
        }
    }

    /**
     * How many batches of {@value CollectedOutput#BATCH} pairs a streamed run holds between its
     * workers and its reader; workers wait while that many are waiting.
     */
    static final int STREAM_BATCHES = 16;

    /**
     * Runs the flow as {@link #onMember(HazelcastInstance, Dataflow, Iterable, int, MetricsTag)} does,
     * but hands the captured pairs to {@code batches} on the calling thread while the run goes on, in
     * batches as workers capture them, instead of returning them at the end: the run then holds only
     * what is in flight (at most {@link #STREAM_BATCHES} batches wait for {@code batches}; workers wait
     * while it is slow). Returns when the run is done and every batch has been handed on; a failure is
     * thrown as {@link JetDataflow#run} throws it, after the batches that came before it. When
     * {@code batches} throws, the run is cancelled and its exception thrown.
     *
     * @param batches takes each batch, which it then owns
     */
    public static <I> void stream(
            HazelcastInstance member,
            Dataflow<I, ?> flow,
            Iterable<? extends EpochItem<? extends I>> input,
            int workersPerProcess,
            MetricsTag tag,
            Consumer<List<EpochItem<Object>>> batches) {
        Objects.requireNonNull(member, "member must not be null");
        Objects.requireNonNull(batches, "batches must not be null");
        Objects.requireNonNull(flow, "flow must not be null").validate();
        RoundRobinInput<I> items = RoundRobinInput.of(input);
        String runId = UUID.randomUUID().toString();
        RunOutputs.open(runId, STREAM_BATCHES);
        Job job = null;
        try {
            CollectedOutput output = new CollectedOutput(
                    member.getConfig().getClusterName(),
                    runId,
                    member.getCluster().getLocalMember().getUuid());
            job = member.getJet()
                    .newLightJob(
                            JetDataflow.dag(flow, items.inThisJvm(runId), output, workersPerProcess, tag),
                            new JobConfig());
            CompletableFuture<Void> done = job.getFuture();
            // an empty batch wakes the loop when the job ends (if the buffer is full, it is awake anyway)
            done.whenComplete((ignored, failure) -> RunOutputs.offer(runId, List.of()));
            while (!done.isDone()) {
                List<EpochItem<Object>> batch = RunOutputs.poll(runId, 100);
                if (batch != null && !batch.isEmpty()) {
                    batches.accept(batch);
                }
            }
            JetDataflow.join(job);
            // the job ends only once every worker's last batch is in the buffer
            List<EpochItem<Object>> rest = RunOutputs.take(runId);
            if (!rest.isEmpty()) {
                batches.accept(rest);
            }
        } catch (InterruptedException e) {
            cancel(job);
            throw Throwables.interrupted("run " + runId + " cancelled: the thread streaming it was interrupted", e);
        } catch (RuntimeException | Error e) {
            cancel(job);
            throw e;
        } finally {
            RunOutputs.take(runId);
            RunInputs.close(runId);
        }
    }

    private static void cancel(Job job) {
        if (job != null && !job.getFuture().isDone()) {
            Throwables.cleanUp(job::cancel);
        }
    }

    /**
     * Runs the flow with {@code run}, which runs its job with the given input and output builders and
     * returns when it is done, and returns every captured pair. For a caller that submits the job in
     * its own way (from a client, see {@code dev.sluice.cluster.ClientRuns}).
     *
     * @param instance a member or client of the cluster
     * @param collector the member on which the output gathers: {@code instance} itself when it is a
     *     member, else any member (the one that submits the job saves a hop)
     * @param clusterName the cluster's name, by which workers find their member for the output
     */
    public static <I> List<EpochItem<Object>> collect(
            HazelcastInstance instance,
            Member collector,
            String clusterName,
            Dataflow<I, ?> flow,
            RoundRobinInput<I> input,
            BiConsumer<InputBuilderFn<I>, OutputBuilderFn> run) {
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(collector, "collector must not be null");
        Objects.requireNonNull(input, "input must not be null");
        // refuse a bad flow before anything runs (not by building its DAG: Jet serializes the input then)
        Objects.requireNonNull(flow, "flow must not be null").validate();
        String runId = UUID.randomUUID().toString();
        Buffer buffer = collector.localMember() ? new LocalBuffer(runId) : new RemoteBuffer(instance, collector, runId);
        buffer.open();
        boolean taken = false;
        try {
            run.accept(input, new CollectedOutput(clusterName, runId, collector.getUuid()));
            taken = true;
            return buffer.take();
        } finally {
            if (!taken) {
                Throwables.cleanUp(buffer::take);
            }
        }
    }

    /** A run's buffer on the collecting member. */
    private interface Buffer {
        void open();

        List<EpochItem<Object>> take();
    }

    /** The buffer of a run collected by this JVM's member. */
    private record LocalBuffer(String runId) implements Buffer {
        @Override
        public void open() {
            RunOutputs.open(runId);
        }

        @Override
        public List<EpochItem<Object>> take() {
            return RunOutputs.take(runId);
        }
    }

    /** The buffer of a run collected by a member that a client or another JVM's member reaches. */
    private record RemoteBuffer(HazelcastInstance instance, Member collector, String runId) implements Buffer {
        @Override
        public void open() {
            RunOutputs.call(instance, collector, new RunOutputs.Open(runId));
        }

        @Override
        public List<EpochItem<Object>> take() {
            return RunOutputs.call(instance, collector, new RunOutputs.Take(runId));
        }
    }
}
