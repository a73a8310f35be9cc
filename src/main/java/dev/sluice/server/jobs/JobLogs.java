package dev.sluice.server.jobs;

import dev.sluice.cluster.SluiceMembers;
import java.io.Serializable;

/**
 * Where a job's http input and output logs are, for the functions the engine runs on every member
 * ({@link HttpJobInput}, {@link HttpJobOutput}): serializable, so each member finds its own running
 * Hazelcast member by cluster name when it opens the {@link JobStore}.
 *
 * @param clusterName the cluster the job runs on
 * @param jobId the job's ID
 */
record JobLogs(String clusterName, String jobId) implements Serializable {

    /** The job store of this JVM's running member of the cluster. */
    JobStore open() {
        return new JobStore(SluiceMembers.runningMember(clusterName));
    }
}
