package dev.sluice.server.runs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import java.util.List;
import java.util.function.Consumer;

/** Runs a finite input through a flow on this service's cluster. */
public interface FlowExecutor {

    /**
     * Runs {@code input} (in epoch order) through {@code flow} with {@code workersPerProcess} workers on
     * each member, the input split round-robin over all workers, and hands every captured pair to
     * {@code output}, from one thread at a time. Blocks until the run is done; a step's exception is
     * rethrown as it was thrown.
     */
    void run(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<EpochItem<Object>> output);
}
