package dev.sluice.server.runs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.jet.MemberMetrics;
import dev.sluice.execution.local.InProcessRun;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.server.cluster.ClusterUnavailableException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Runs of at most {@code sluice.run.in-process-max-items} pairs in the thread of their request
 * ({@link InProcessRun}), as many workers as the cluster's members would run them with, and larger
 * ones through the cluster's executor (Jet light jobs). A light job costs about 2 ms on one member and
 * 7 ms across three before any of its work; a run of a few pairs takes microseconds in one thread. The
 * answer is the same: the same split of the input over the same number of workers, the same
 * exchange by key, the same failures; what the run's steps did is counted in this member's figures,
 * where {@code ?stats=true} and the flow's {@code job="runs"} series find them as they find a light
 * job's.
 */
final class InProcessSmallRuns implements FlowExecutor {

    private final FlowExecutor cluster;
    private final HazelcastInstance hazelcast;
    private final int maxItems;

    /**
     * @param cluster runs the larger runs
     * @param hazelcast this service's member: its cluster's size sets the workers, its registry counts
     * @param maxItems the most input pairs of a run run here; 0: none
     */
    InProcessSmallRuns(FlowExecutor cluster, HazelcastInstance hazelcast, int maxItems) {
        this.cluster = Objects.requireNonNull(cluster, "cluster must not be null");
        this.hazelcast = Objects.requireNonNull(hazelcast, "hazelcast must not be null");
        this.maxItems = maxItems;
    }

    @Override
    public MetricsTag run(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<EpochItem<Object>> output,
            MetricsTag tag) {
        if (!small(input)) {
            return cluster.run(flow, input, workersPerProcess, output, tag);
        }
        runHere(flow, input, workersPerProcess, output, tag);
        return tag;
    }

    @Override
    public MetricsTag stream(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<List<EpochItem<Object>>> batches,
            MetricsTag tag) {
        // a small run takes microseconds: it is answered whole, in one batch, as the interface's default does
        return small(input)
                ? FlowExecutor.super.stream(flow, input, workersPerProcess, batches, tag)
                : cluster.stream(flow, input, workersPerProcess, batches, tag);
    }

    private boolean small(List<?> input) {
        return maxItems > 0 && input.size() <= maxItems;
    }

    @Override
    public List<StepCount> stepCounts(MetricsTag run) {
        return cluster.stepCounts(run);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void runHere(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<EpochItem<Object>> output,
            MetricsTag tag) {
        int workerCount = dataMembers() * workersPerProcess;
        InProcessRun.run(
                (Dataflow) flow,
                input,
                workerCount,
                (epoch, item) -> output.accept(new EpochItem<>(epoch, item)),
                tag == null ? null : MemberMetrics.of(hazelcast),
                tag);
    }

    /**
     * The members a light job would run on: Jet does not run on lite members.
     *
     * @throws ClusterUnavailableException when this member has left its cluster, as a light job would
     */
    private int dataMembers() {
        Set<Member> members;
        try {
            members = hazelcast.getCluster().getMembers();
        } catch (HazelcastInstanceNotActiveException e) {
            throw new ClusterUnavailableException("this member is not part of a running cluster: " + e.getMessage(), e);
        }
        int count = 0;
        for (Member member : members) {
            if (!member.isLiteMember()) {
                count++;
            }
        }
        return Math.max(1, count);
    }
}
