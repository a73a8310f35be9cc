package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.impl.JetServiceBackend;
import com.hazelcast.jet.impl.JobSummary;
import com.hazelcast.jet.impl.operation.GetJobSummaryListOperation;
import com.hazelcast.jet.impl.util.Util;
import com.hazelcast.spi.impl.NodeEngineImpl;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every Jet job's status in one call to Jet's coordinator: a status read per job ({@code Job.getStatus()})
 * queues behind the coordinator's other work once per job, and hundreds of jobs took over a minute on a
 * loaded machine. Jet's public API has no such call for a member, so this sends the operation its client
 * API uses (an internal class, to check on each Hazelcast upgrade).
 */
final class JetJobStatuses {

    private JetJobStatuses() {}

    /**
     * The status of every job the coordinator knows, by Jet job ID; empty when the call failed, and the
     * caller then asks per job. A job missing from a map that was read is unknown to the cluster.
     */
    static Optional<Map<Long, JobStatus>> read(HazelcastInstance hazelcast) {
        try {
            NodeEngineImpl engine = Util.getNodeEngine(hazelcast);
            List<JobSummary> summaries = engine.getOperationService()
                    .<List<JobSummary>>invokeOnTarget(
                            JetServiceBackend.SERVICE_NAME, new GetJobSummaryListOperation(), engine.getMasterAddress())
                    .join();
            Map<Long, JobStatus> statuses = new HashMap<>();
            summaries.forEach(summary -> statuses.put(summary.getJobId(), summary.getStatus()));
            return Optional.of(statuses);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A job's status from a list {@link #read}, or asked of Jet on its own when the list was not read or
     * lacks the job: only Jet's own answer says that the cluster does not know a job.
     *
     * @return the status, or null when the cluster does not know the job
     */
    static JobStatus of(HazelcastInstance hazelcast, Optional<Map<Long, JobStatus>> read, long jetJobId) {
        JobStatus listed = read.map(all -> all.get(jetJobId)).orElse(null);
        if (listed != null) {
            return listed;
        }
        Job job = CoordinatorCalls.retried(() -> hazelcast.getJet().getJob(jetJobId));
        return job == null ? null : CoordinatorCalls.status(job);
    }
}
