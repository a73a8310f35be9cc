package dev.sluice.cluster;

import com.hazelcast.jet.core.DAG;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.jet.JetDataflow;
import java.io.Serializable;
import java.util.Objects;

/**
 * A flow's job as it travels to the member that submits it: the flow, its builders and the workers
 * per process, from which the member compiles the DAG.
 */
record FlowJob<I>(
        Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder, int workersPerProcess)
        implements Serializable {

    FlowJob {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(inputBuilder, "inputBuilder must not be null");
        Objects.requireNonNull(outputBuilder, "outputBuilder must not be null");
    }

    /** The job's DAG; refuses a bad flow. */
    DAG dag() {
        return JetDataflow.dag(flow, inputBuilder, outputBuilder, workersPerProcess);
    }
}
