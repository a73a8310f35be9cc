package dev.sluice.server.config;

import dev.sluice.cluster.ClusterSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings, under {@code sluice.*} (environment: {@code SLUICE_*}).
 *
 * @param cluster how this member joins its Hazelcast cluster
 * @param workersPerProcess default workers per process for runs and jobs; 0 means the available cores
 * @param run limits of finite runs
 * @param jobs defaults of long-running jobs
 * @param shutdown how a member stops
 */
@ConfigurationProperties("sluice")
public record SluiceProperties(
        @DefaultValue Cluster cluster,
        @DefaultValue("0") int workersPerProcess,
        @DefaultValue Run run,
        @DefaultValue Jobs jobs,
        @DefaultValue Shutdown shutdown) {

    /** The workers per process to use when a request names none. */
    public int defaultWorkersPerProcess() {
        return workersPerProcess > 0 ? workersPerProcess : Runtime.getRuntime().availableProcessors();
    }

    /**
     * @param name the Hazelcast cluster name; members with another name never join
     * @param port this member's Hazelcast port
     * @param members {@code host:port} of the members to join by TCP/IP; empty for a single member
     * @param processId this member's declared process ID, or -1 to follow membership (oldest first)
     * @param processOrder with no declared ID, this member's place among the members (lowest first, then
     *     those with no place, by membership); unlike an ID it holds when the cluster shrinks; -1 for none
     * @param bindAddress the local address the member listens on; {@code 0.0.0.0} for every interface
     * @param publicAddress the address other members reach this one at ({@code host} or {@code host:port});
     *     empty for the bind address
     * @param backupCount synchronous backups of every partition of the job data (Sluice's maps, Jet's job
     *     metadata and snapshots): the cluster keeps it all while it loses at most this many members at once
     * @param failureDetectionSeconds how long a silent member (no heartbeat) stays in the cluster
     */
    public record Cluster(
            @DefaultValue("sluice") String name,
            @DefaultValue("5701") int port,
            @DefaultValue List<String> members,
            @DefaultValue("-1") int processId,
            @DefaultValue("-1") int processOrder,
            @DefaultValue("127.0.0.1") String bindAddress,
            @DefaultValue("") String publicAddress,
            @DefaultValue("2") int backupCount,
            @DefaultValue("60") int failureDetectionSeconds) {

        public Cluster {
            if (backupCount < ClusterSettings.MIN_BACKUP_COUNT || backupCount > ClusterSettings.MAX_BACKUP_COUNT) {
                throw new IllegalArgumentException("sluice.cluster.backup-count (SLUICE_CLUSTER_BACKUP_COUNT) must be "
                        + ClusterSettings.MIN_BACKUP_COUNT + ".." + ClusterSettings.MAX_BACKUP_COUNT
                        + " (Hazelcast keeps at most " + ClusterSettings.MAX_BACKUP_COUNT + " backups), got "
                        + backupCount);
            }
            if (failureDetectionSeconds < ClusterSettings.MIN_FAILURE_DETECTION_SECONDS) {
                throw new IllegalArgumentException("sluice.cluster.failure-detection-seconds "
                        + "(SLUICE_CLUSTER_FAILURE_DETECTION_SECONDS) must be at least "
                        + ClusterSettings.MIN_FAILURE_DETECTION_SECONDS + ", got " + failureDetectionSeconds);
            }
        }
    }

    /**
     * @param maxRequestBytes the largest request body accepted; larger ones get {@code 413}
     * @param maxWorkersPerProcess the most workers per process a request may ask for
     * @param bodyTimeout how long a request body (of any endpoint) may take to arrive whole; slower ones get
     *     {@code 408}. No thread waits for it meanwhile
     */
    public record Run(
            @DefaultValue("64MB") DataSize maxRequestBytes,
            @DefaultValue("64") int maxWorkersPerProcess,
            @DefaultValue("60s") Duration bodyTimeout) {

        public Run {
            if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "sluice.run.body-timeout (SLUICE_RUN_BODY_TIMEOUT) must be positive, got " + bodyTimeout);
            }
        }
    }

    /**
     * @param snapshotInterval how often a job with a processing guarantee takes a snapshot when its
     *     request names no interval; its http output becomes visible at that pace
     */
    public record Jobs(@DefaultValue("1s") Duration snapshotInterval) {}

    /**
     * @param drainTimeout on SIGTERM, how long finite runs in flight may take to finish before they are
     *     cancelled (and answered {@code 503}); keep it below {@code spring.lifecycle.timeout-per-shutdown-phase}
     */
    public record Shutdown(@DefaultValue("20s") Duration drainTimeout) {

        public Shutdown {
            if (drainTimeout.isNegative()) {
                throw new IllegalArgumentException("sluice.shutdown.drain-timeout (SLUICE_SHUTDOWN_DRAIN_TIMEOUT) must "
                        + "not be negative, got " + drainTimeout);
            }
        }
    }
}
