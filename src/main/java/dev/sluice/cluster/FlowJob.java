package dev.sluice.cluster;

import com.hazelcast.jet.core.DAG;
import dev.sluice.execution.ClusterJob;
import dev.sluice.execution.jet.JetDataflow;

/** A {@link ClusterJob} as the member that submits it compiles it. */
final class FlowJob {

    private FlowJob() {}

    /** The job's DAG; refuses a bad flow. */
    static <I> DAG dag(ClusterJob<I> job) {
        return JetDataflow.dag(job.flow(), job.inputBuilder(), job.outputBuilder(), job.workersPerProcess());
    }
}
