package dev.sluice.server.runs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import java.util.ArrayList;
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

    /**
     * Runs as {@link #run(Dataflow, List, int, Consumer, MetricsTag)} does, but hands the captured pairs
     * to {@code batches} while the run goes on, in batches, from the calling thread; a failure is thrown
     * after the batches that came before it. The default runs it whole and hands everything on at the
     * end (one batch), for an executor a user brings.
     *
     * @return as for {@code run}
     */
    default MetricsTag stream(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<List<EpochItem<Object>>> batches,
            MetricsTag tag) {
        List<EpochItem<Object>> captured = new ArrayList<>();
        MetricsTag counted = run(flow, input, workersPerProcess, captured::add, tag);
        if (!captured.isEmpty()) {
            batches.accept(captured);
        }
        return counted;
    }

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
