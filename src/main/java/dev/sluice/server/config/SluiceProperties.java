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
     * @param maxConcurrent the most finite runs this member takes at once; more get {@code 429}
     * @param maxConcurrentBytes the most request body bytes of the finite runs this member takes at once
     *     (a body of undeclared length counts as {@code max-request-bytes}); more get {@code 429}. 0: a
     *     sixteenth of the heap ({@link #runBudgetBytes()})
     * @param inProcessMaxItems runs of at most this many input pairs run in the thread of their request,
     *     as all the cluster's workers would run them, instead of as a Jet light job across the members,
     *     whose fixed cost is the whole of a small run's time; 0: every run is a Jet job
     */
    public record Run(
            @DefaultValue("64MB") DataSize maxRequestBytes,
            @DefaultValue("64") int maxWorkersPerProcess,
            @DefaultValue("60s") Duration bodyTimeout,
            @DefaultValue("16") int maxConcurrent,
            @DefaultValue("0") DataSize maxConcurrentBytes,
            @DefaultValue("1000") int inProcessMaxItems) {

        /** What {@code max-concurrent-bytes} 0 means: this share of the heap ({@code -Xmx}). */
        public static final int HEAP_SHARE = 16;

        public Run {
            if (bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "sluice.run.body-timeout (SLUICE_RUN_BODY_TIMEOUT) must be positive, got " + bodyTimeout);
            }
            if (maxConcurrent < 1) {
                throw new IllegalArgumentException(
                        "sluice.run.max-concurrent (SLUICE_RUN_MAX_CONCURRENT) must be at least 1, got "
                                + maxConcurrent);
            }
            if (inProcessMaxItems < 0) {
                throw new IllegalArgumentException("sluice.run.in-process-max-items (SLUICE_RUN_IN_PROCESS_MAX_ITEMS) "
                        + "must not be negative, got " + inProcessMaxItems);
            }
            if (maxConcurrentBytes.isNegative()) {
                throw new IllegalArgumentException("sluice.run.max-concurrent-bytes (SLUICE_RUN_MAX_CONCURRENT_BYTES) "
                        + "must not be negative, got " + maxConcurrentBytes);
            }
        }

        /** The byte budget of concurrent runs: as set, or for 0 a sixteenth of the heap. */
        public long runBudgetBytes() {
            long set = maxConcurrentBytes.toBytes();
            return set > 0 ? set : Runtime.getRuntime().maxMemory() / HEAP_SHARE;
        }
    }

    /**
     * @param snapshotInterval how often a job with a processing guarantee takes a snapshot when its
     *     request names no interval; its http output becomes visible at that pace
     * @param retention how long a finished job (completed, failed, cancelled) keeps its record and output
     * @param outputRetention how much of a job's http output is kept when its request does not say
     * @param maxRunning the most jobs that run in the cluster at once; more are refused ({@code 409})
     * @param maxInputBacklog per job, the most http input bytes accepted and not yet passed for good by
     *     every input worker; more is refused ({@code 429}) until the job catches up
     * @param idleSuspendAfter how long a job with a processing guarantee and an http input may go without
     *     new input (everything it was given read, and saved in a snapshot) before the service suspends it
     *     with a terminal snapshot, so that it holds no worker; the next input (or a close) resumes it, in
     *     a second or two. {@code 0} never suspends a job by itself
     */
    public record Jobs(
            @DefaultValue("1s") Duration snapshotInterval,
            @DefaultValue("24h") Duration retention,
            @DefaultValue OutputRetention outputRetention,
            @DefaultValue("1000") int maxRunning,
            @DefaultValue("64MB") DataSize maxInputBacklog,
            @DefaultValue("5m") Duration idleSuspendAfter) {

        public Jobs {
            if (retention.isNegative()) {
                throw new IllegalArgumentException(
                        "sluice.jobs.retention (SLUICE_JOBS_RETENTION) must not be negative, got " + retention);
            }
            if (maxRunning < 1) {
                throw new IllegalArgumentException(
                        "sluice.jobs.max-running (SLUICE_JOBS_MAX_RUNNING) must be at least 1, got " + maxRunning);
            }
            if (idleSuspendAfter.isNegative()) {
                throw new IllegalArgumentException("sluice.jobs.idle-suspend-after (SLUICE_JOBS_IDLE_SUSPEND_AFTER) "
                        + "must not be negative (0 turns it off), got " + idleSuspendAfter);
            }
            if (maxInputBacklog.toBytes() < 1) {
                throw new IllegalArgumentException("sluice.jobs.max-input-backlog (SLUICE_JOBS_MAX_INPUT_BACKLOG) must "
                        + "be positive, got " + maxInputBacklog);
            }
        }
    }

    /**
     * How much of a job's http output is kept: at most the last {@code count} pairs, and only those
     * committed within {@code age}. A reader asking for an offset below what is kept gets {@code 410}.
     *
     * @param count the most pairs kept; 0 for no limit by count
     * @param age how long a pair is kept after it was committed; 0 for no limit by age
     */
    public record OutputRetention(
            @DefaultValue("100000") long count,
            @DefaultValue("0s") Duration age) {

        public OutputRetention {
            if (count < 0) {
                throw new IllegalArgumentException("sluice.jobs.output-retention.count "
                        + "(SLUICE_JOBS_OUTPUT_RETENTION_COUNT) must not be negative, got " + count);
            }
            if (age.isNegative()) {
                throw new IllegalArgumentException("sluice.jobs.output-retention.age "
                        + "(SLUICE_JOBS_OUTPUT_RETENTION_AGE) must not be negative, got " + age);
            }
        }
    }

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
