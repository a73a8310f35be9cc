package dev.sluice.execution;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.util.List;

/**
 * The runs of {@link Sluice} over several processes ({@code runCluster}, {@code spawnCluster},
 * {@code clusterMain}), which need Hazelcast members and child JVMs: a service interface, so that
 * this package (no engine) does not depend on the cluster layer that implements it
 * ({@code dev.sluice.cluster.SeedRuns}, registered in {@code META-INF/services}). See
 * {@link Sluice}'s methods for what each does.
 */
public interface ClusterLauncher {

    /** {@link Sluice#runCluster(Dataflow, Iterable, int, int)}. */
    <I> List<EpochItem<Object>> runCluster(
            Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input, int procCount, int workersPerProc);

    /** {@link Sluice#spawnCluster(Dataflow, InputBuilderFn, OutputBuilderFn, int, int)}. */
    <I> void spawnCluster(ClusterJob<I> job, int procCount);

    /** {@link Sluice#clusterMain(Dataflow, InputBuilderFn, OutputBuilderFn, List, int, int)}. */
    <I> void clusterMain(ClusterJob<I> job, List<String> addresses, int procId);
}
