package dev.sluice.cluster;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.ClusterJob;
import dev.sluice.execution.ClusterLauncher;
import dev.sluice.execution.jet.RoundRobinInput;
import dev.sluice.failure.Throwables;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The seed's cluster entry points behind {@code Sluice.runCluster}, {@code spawnCluster} and
 * {@code clusterMain} (see those for the contract), found by {@code Sluice} through
 * {@link java.util.ServiceLoader} so that {@code dev.sluice.execution} does not depend on this
 * package.
 *
 * <p>{@code runCluster} and {@code spawnCluster} start a {@link LocalCluster} of child JVMs, run the
 * flow's job on it through a client in this JVM ({@link ClientRuns}), and stop the children,
 * whatever happens. {@code runCluster} collects the captured pairs in a list of the children's
 * cluster, read through the client at the end; no child JVM has to report back.
 * {@code clusterMain} is {@link ClusterMain}.
 */
public final class SeedRuns implements ClusterLauncher {

    /** For {@link java.util.ServiceLoader}. */
    public SeedRuns() {}

    @Override
    public <I> List<EpochItem<Object>> runCluster(
            Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input, int procCount, int workersPerProc) {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(input, "input must not be null");
        checkCounts(procCount, workersPerProc);
        flow.validate();
        RoundRobinInput<I> items = RoundRobinInput.of(input);
        return onLocalCluster(
                procCount,
                cluster -> ClientRuns.runOn(cluster.client(), cluster.clusterName(), flow, items, workersPerProc));
    }

    @Override
    public <I> void spawnCluster(ClusterJob<I> job, int procCount) {
        checkCounts(procCount, job.workersPerProcess());
        FlowJob.dag(job); // refuse a bad flow before starting anything
        onLocalCluster(procCount, cluster -> {
            ClientRuns.run(cluster.client(), job);
            return null;
        });
    }

    @Override
    public <I> void clusterMain(ClusterJob<I> job, List<String> addresses, int procId) {
        ClusterMain.clusterMain(job, addresses, procId);
    }

    private static <T> T onLocalCluster(int procCount, Function<LocalCluster, T> task) {
        LocalCluster cluster;
        try {
            cluster = LocalCluster.start(procCount);
        } catch (InterruptedException e) {
            throw Throwables.interrupted("interrupted while " + procCount + " processes started; they are stopped", e);
        }
        try (cluster) {
            return task.apply(cluster);
        }
    }

    static void checkCounts(int procCount, int workersPerProc) {
        if (procCount < 1) {
            throw new IllegalArgumentException("procCount must be at least 1, got " + procCount);
        }
        if (workersPerProc < 1) {
            throw new IllegalArgumentException("workersPerProc must be at least 1, got " + workersPerProc);
        }
    }
}
