package dev.sluice.server.runs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import java.util.List;
import java.util.function.Consumer;

/** Runs a finite input through a flow on this service's cluster. */
public interface FlowExecutor {

    /**
     * Runs {@code input} (in epoch order) through {@code flow} with {@code workersPerProcess} workers on
     * each member, the input split round-robin over all workers, and hands every captured pair to
     * {@code output}, from one thread at a time. Blocks until the run is done; a step's exception is
     * rethrown as it was thrown.
     *
     * @param tag what the run's workers count under in their members' registries; {@code null}: nowhere
     * @return the tag of the attempt whose output was handed on (a retry counts under a tag of its own),
     *     {@code null} when nothing was counted
     */
    MetricsTag run(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<EpochItem<Object>> output,
            MetricsTag tag);

    /** The same, counting nowhere. */
    default void run(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<EpochItem<Object>> output) {
        run(flow, input, workersPerProcess, output, null);
    }

    /**
     * What each step of a run that has ended did, added up over every member, in step order; empty
     * for an executor that counts nothing (the default, for one a user brings).
     */
    default List<StepCount> stepCounts(MetricsTag run) {
        return List.of();
    }
}
