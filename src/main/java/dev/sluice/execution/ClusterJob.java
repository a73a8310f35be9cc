package dev.sluice.execution;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.io.Serializable;
import java.util.Objects;

/**
 * What {@link Sluice#spawnCluster} and {@link Sluice#clusterMain} run on every process: the flow, the
 * builders each worker calls on its own process, and the workers per process. It travels to the
 * member that submits the job, so it is serializable.
 *
 * @param flow the flow; it must have a capture step
 * @param inputBuilder called by each worker for its input
 * @param outputBuilder called by each worker for its output
 * @param workersPerProcess the workers of each process, {@code >= 1}
 */
public record ClusterJob<I>(
        Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder, int workersPerProcess)
        implements Serializable {

    public ClusterJob {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(inputBuilder, "inputBuilder must not be null");
        Objects.requireNonNull(outputBuilder, "outputBuilder must not be null");
    }
}
