package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.failure.Throwables;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A finite input run across a whole cluster, with the captured pairs brought back: the input split
 * round-robin over every worker of every member ({@link RoundRobinInput}), the captured pairs
 * gathered on one member, the collector ({@link CollectedOutput}), and returned, in no particular
 * order. What the service does on every {@code POST /flows/{name}/run}, and what {@code runCluster}
 * does on its child JVMs. A run leaves nothing behind: no distributed object is made for it (see
 * {@link RunOutputs} for why).
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
        return collect(
                member,
                member.getCluster().getLocalMember(),
                member.getConfig().getClusterName(),
                flow,
                RoundRobinInput.of(input),
                (inputBuilder, outputBuilder) -> JetDataflow.run(
                        member, JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProcess, tag)));
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
