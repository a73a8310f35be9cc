package dev.sluice.cluster;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;

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

    public ClusterSettings {
        HostPort.requireNonBlank(clusterName, "clusterName");
        HostPort.requirePort(port, "port");
        members = List.copyOf(Objects.requireNonNull(members, "members must not be null"));
        for (String member : members) {
            HostPort.parse(member);
        }
        Objects.requireNonNull(processId, "processId must not be null; use OptionalInt.empty()");
        if (processId.isPresent() && processId.getAsInt() < 0) {
            throw new IllegalArgumentException("processId must be non-negative, got " + processId.getAsInt());
        }
        HostPort.requireNonBlank(bindAddress, "bindAddress");
        if (backupCount < MIN_BACKUP_COUNT || backupCount > MAX_BACKUP_COUNT) {
            throw new IllegalArgumentException("backupCount must be " + MIN_BACKUP_COUNT + ".." + MAX_BACKUP_COUNT
                    + " (Hazelcast keeps at most " + MAX_BACKUP_COUNT + " backups), got " + backupCount);
        }
        if (failureDetectionSeconds < MIN_FAILURE_DETECTION_SECONDS) {
            throw new IllegalArgumentException(
                    "failureDetectionSeconds must be at least " + MIN_FAILURE_DETECTION_SECONDS
                            + " (members send a heartbeat at most once a second), got "
                            + failureDetectionSeconds);
        }
    }

    /** The defaults: cluster {@code sluice}, port 5701, no other members, no declared process ID, loopback. */
    public static ClusterSettings defaults() {
        return new ClusterSettings(
                DEFAULT_CLUSTER_NAME,
                DEFAULT_PORT,
                List.of(),
                OptionalInt.empty(),
                DEFAULT_BIND_ADDRESS,
                null,
                DEFAULT_BACKUP_COUNT,
                DEFAULT_FAILURE_DETECTION_SECONDS);
    }

    /**
     * The settings of process {@code procId} of a {@code clusterMain} run: it listens on the port of
     * its own address, on that address when it is one of this machine's, else on every interface
     * telling the others to use the given one (a name behind NAT, a container's published
     * address). With no addresses, a cluster of one on a free loopback port.
     *
     * @param addresses {@code host:port} of every process, by process ID; may be empty
     */
    public static ClusterSettings ofProcess(List<String> addresses, int procId, String clusterName) {
        ClusterSettings process = defaults().withClusterName(clusterName).withProcessId(procId);
        if (addresses.isEmpty()) {
            return process.withPort(LocalCluster.freeLoopbackPorts(1).get(0));
        }
        HostPort self = HostPort.parse(addresses.get(procId));
        ClusterSettings settings = process.withPort(self.port()).withMembers(addresses);
        return self.localAddress()
                .map(local -> settings.withBindAddress(local.getHostAddress()))
                .orElseGet(() -> settings.withBindAddress("0.0.0.0").withPublicAddress(self.toString()));
    }

    public ClusterSettings withClusterName(String clusterName) {
        return edit(b -> b.clusterName = clusterName);
    }

    public ClusterSettings withPort(int port) {
        return edit(b -> b.port = port);
    }

    public ClusterSettings withMembers(List<String> members) {
        return edit(b -> b.members = members);
    }

    public ClusterSettings withProcessId(int processId) {
        return edit(b -> b.processId = OptionalInt.of(processId));
    }

    public ClusterSettings withoutProcessId() {
        return edit(b -> b.processId = OptionalInt.empty());
    }

    public ClusterSettings withBindAddress(String bindAddress) {
        return edit(b -> b.bindAddress = bindAddress);
    }

    public ClusterSettings withBackupCount(int backupCount) {
        return edit(b -> b.backupCount = backupCount);
    }

    public ClusterSettings withFailureDetectionSeconds(int failureDetectionSeconds) {
        return edit(b -> b.failureDetectionSeconds = failureDetectionSeconds);
    }

    public ClusterSettings withPublicAddress(String publicAddress) {
        return edit(b -> b.publicAddress = publicAddress);
    }

    /** A copy with {@code change} applied, checked again. */
    private ClusterSettings edit(Consumer<Fields> change) {
        Fields fields = new Fields(this);
        change.accept(fields);
        return fields.settings();
    }

    /** The fields of a settings record, to change some of them. */
    private static final class Fields {
        String clusterName;
        int port;
        List<String> members;
        OptionalInt processId;
        String bindAddress;
        String publicAddress;
        int backupCount;
        int failureDetectionSeconds;

        Fields(ClusterSettings settings) {
            clusterName = settings.clusterName;
            port = settings.port;
            members = settings.members;
            processId = settings.processId;
            bindAddress = settings.bindAddress;
            publicAddress = settings.publicAddress;
            backupCount = settings.backupCount;
            failureDetectionSeconds = settings.failureDetectionSeconds;
        }

        ClusterSettings settings() {
            return new ClusterSettings(
                    clusterName,
                    port,
                    members,
                    processId,
                    bindAddress,
                    publicAddress,
                    backupCount,
                    failureDetectionSeconds);
        }
    }
}
