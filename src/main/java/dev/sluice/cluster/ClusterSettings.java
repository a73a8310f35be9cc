package dev.sluice.cluster;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How one Sluice process joins its Hazelcast cluster: the settings of the service's configuration
 * table ({@code sluice.cluster.*}) and of {@code clusterMain}.
 *
 * <p>Members find each other only by TCP/IP through {@link #members()}: no multicast and no other
 * discovery. An empty member list gives a single embedded member.
 *
 * <pre>{@code
 * ClusterSettings settings = ClusterSettings.defaults()
 *         .withClusterName("wordcount")
 *         .withPort(5702)
 *         .withMembers(List.of("127.0.0.1:5701", "127.0.0.1:5702"))
 *         .withProcessId(1);
 * HazelcastInstance member = SluiceMembers.start(settings);
 * }</pre>
 *
 * @param clusterName the Hazelcast cluster name; members of other clusters are refused. Default {@code sluice}
 * @param port this member's port, used as given (no auto-increment). Default {@code 5701}
 * @param members {@code host:port} of the members to join, this one included or not; empty for a
 *     single embedded member. Default empty
 * @param processId the process ID this member declares, or empty to take the one its place in the
 *     membership gives (oldest member first). Default empty
 * @param bindAddress the local address to listen on; {@code 0.0.0.0} listens on every interface.
 *     Default {@code 127.0.0.1}, for local use
 * @param publicAddress the address other members and clients use to reach this one, {@code host} or
 *     {@code host:port}, or {@code null} for the bind address. Default {@code null}
 * @param backupCount how many other members keep a synchronous copy of each partition of the Sluice
 *     maps ({@code sluice.*}, and the default map configuration) and of Jet's job metadata and
 *     snapshots: the cluster keeps all of it while it loses at most this many members at once.
 *     {@value #MIN_BACKUP_COUNT}..{@value #MAX_BACKUP_COUNT}. Default {@value #DEFAULT_BACKUP_COUNT}
 * @param failureDetectionSeconds how long a member may stay silent (no heartbeat) before the others
 *     remove it ({@code hazelcast.max.no.heartbeat.seconds}). A member whose process dies is usually
 *     removed much sooner, when its connections close and reconnecting fails; this bounds the wait
 *     when they do not close (a host or network that went away). Default
 *     {@value #DEFAULT_FAILURE_DETECTION_SECONDS}, Hazelcast's own
 */
public record ClusterSettings(
        String clusterName,
        int port,
        List<String> members,
        OptionalInt processId,
        String bindAddress,
        String publicAddress,
        int backupCount,
        int failureDetectionSeconds) {

    /** The default cluster name. */
    public static final String DEFAULT_CLUSTER_NAME = "sluice";

    /** The default member port, Hazelcast's own. */
    public static final int DEFAULT_PORT = 5701;

    /** The default bind address: loopback, for local use. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** The default backup count: a cluster of three keeps everything when two members fail at once. */
    public static final int DEFAULT_BACKUP_COUNT = 2;

    /** The fewest backups: none, every member failure loses data. */
    public static final int MIN_BACKUP_COUNT = 0;

    /** The most backups Hazelcast keeps of a partition. */
    public static final int MAX_BACKUP_COUNT = 6;

    /** Hazelcast's default heartbeat timeout. */
    public static final int DEFAULT_FAILURE_DETECTION_SECONDS = 60;

    /**
     * The shortest heartbeat timeout accepted: members send heartbeats at most once a second, so a
     * shorter one would remove healthy members.
     */
    public static final int MIN_FAILURE_DETECTION_SECONDS = 3;

    /** Settings without the newer fields: default backups and failure detection. */
    public ClusterSettings(String clusterName, int port, List<String> members, OptionalInt processId,
            String bindAddress, String publicAddress) {
        this(clusterName, port, members, processId, bindAddress, publicAddress, DEFAULT_BACKUP_COUNT,
                DEFAULT_FAILURE_DETECTION_SECONDS);
    }

    public ClusterSettings {
        Objects.requireNonNull(clusterName, "clusterName must not be null");
        if (clusterName.isBlank()) {
            throw new IllegalArgumentException("clusterName must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        members = List.copyOf(Objects.requireNonNull(members, "members must not be null"));
        for (String member : members) {
            HostPort.parse(member);
        }
        Objects.requireNonNull(processId, "processId must not be null; use OptionalInt.empty()");
        if (processId.isPresent() && processId.getAsInt() < 0) {
            throw new IllegalArgumentException("processId must be non-negative, got " + processId.getAsInt());
        }
        Objects.requireNonNull(bindAddress, "bindAddress must not be null");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (backupCount < MIN_BACKUP_COUNT || backupCount > MAX_BACKUP_COUNT) {
            throw new IllegalArgumentException("backupCount must be " + MIN_BACKUP_COUNT + ".." + MAX_BACKUP_COUNT
                    + " (Hazelcast keeps at most " + MAX_BACKUP_COUNT + " backups), got " + backupCount);
        }
        if (failureDetectionSeconds < MIN_FAILURE_DETECTION_SECONDS) {
            throw new IllegalArgumentException("failureDetectionSeconds must be at least " + MIN_FAILURE_DETECTION_SECONDS
                    + " (members send a heartbeat at most once a second), got "
                    + failureDetectionSeconds);
        }
    }

    /** The defaults: cluster {@code sluice}, port 5701, no other members, no declared process ID, loopback. */
    public static ClusterSettings defaults() {
        return new ClusterSettings(DEFAULT_CLUSTER_NAME, DEFAULT_PORT, List.of(), OptionalInt.empty(),
                DEFAULT_BIND_ADDRESS, null);
    }

    public ClusterSettings withClusterName(String clusterName) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }

    public ClusterSettings withPort(int port) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }

    public ClusterSettings withMembers(List<String> members) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }

    public ClusterSettings withProcessId(int processId) {
        return new ClusterSettings(clusterName, port, members, OptionalInt.of(processId), bindAddress, publicAddress,
                backupCount, failureDetectionSeconds);
    }

    public ClusterSettings withoutProcessId() {
        return new ClusterSettings(clusterName, port, members, OptionalInt.empty(), bindAddress, publicAddress,
                backupCount, failureDetectionSeconds);
    }

    public ClusterSettings withBindAddress(String bindAddress) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }

    public ClusterSettings withBackupCount(int backupCount) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }

    public ClusterSettings withFailureDetectionSeconds(int failureDetectionSeconds) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }

    public ClusterSettings withPublicAddress(String publicAddress) {
        return new ClusterSettings(clusterName, port, members, processId, bindAddress, publicAddress, backupCount,
                failureDetectionSeconds);
    }
}
