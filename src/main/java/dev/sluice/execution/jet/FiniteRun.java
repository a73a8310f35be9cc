package dev.sluice.execution.jet;

import com.hazelcast.collection.IList;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.failure.Throwables;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * A finite input run across a whole cluster, with the captured pairs brought back: the input split
 * round-robin over every worker of every member ({@link RoundRobinInput}), the captured pairs
 * gathered in a temporary {@code IList} of the cluster ({@link ListOutput}) and returned, in no
 * particular order. What the service does on every {@code POST /flows/{name}/run}, and what
 * {@code runCluster} does on its child JVMs.
 *
 * <pre>{@code
 * List<EpochItem<Object>> captured = FiniteRun.onMember(member, flow, input, 4);
 * }</pre>
 */
public final class FiniteRun {

    private FiniteRun() {}

    /**
     * Runs the flow as a Jet light job submitted from {@code member}, and returns every captured pair.
     * Failures are those of {@link JetDataflow#run}: what a step threw, as it was thrown.
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
     * @param clusterName the cluster's name, by which workers find their member for the output
     */
    public static <I> List<EpochItem<Object>> collect(
            HazelcastInstance instance,
            String clusterName,
            Dataflow<I, ?> flow,
            RoundRobinInput<I> input,
            BiConsumer<InputBuilderFn<I>, OutputBuilderFn> run) {
        Objects.requireNonNull(instance, "instance must not be null");
        Objects.requireNonNull(input, "input must not be null");
        // refuse a bad flow before anything runs (not by building its DAG: Jet serializes the input then)
        Objects.requireNonNull(flow, "flow must not be null").validate();
        String listName = "sluice.run." + UUID.randomUUID();
        IList<EpochItem<Object>> list = instance.getList(listName);
        try {
            run.accept(input, new ListOutput(clusterName, listName));
            return new ArrayList<>(list);
        } finally {
            Throwables.cleanUp(list::destroy);
        }
    }
}
