package dev.sluice.testing;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import java.util.List;

/**
 * A way to run a finite dataflow, as the operator contract sees it: the local driver, or the Jet
 * driver with some processes and workers. Input is split round-robin over the workers, as
 * {@code runCluster} does.
 */
public interface FlowDriver {

    /** Runs the flow over the input and returns every captured pair, in no particular order. */
    <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, List<EpochItem<I>> input);

    /** The number of workers of the whole run. */
    int workerCount();
}
