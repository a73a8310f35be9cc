package dev.sluice.cluster;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.execution.jet.JetSerialization;
import dev.sluice.execution.jet.LocalMembers;
import dev.sluice.execution.jet.ProcessIds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hazelcast configuration for Sluice members and clients: one place that says how a Sluice process
 * joins its cluster.
 *
 * <p>A member joins by TCP/IP with the given members only: multicast, auto-detection and every
 * cloud discovery are off, so a member never finds a cluster it was not told about. Jet is on, the
 * phone-home call is off, and Hazelcast logs warnings and errors only (unless the
 * {@code hazelcast.logging.type} system property chooses the logging).
 */
public final class SluiceMembers {

    /** The member attribute in which a member declares its process ID. */
    public static final String PROCESS_ID_ATTRIBUTE = ProcessIds.ATTRIBUTE;

    private static final String LOGGING_TYPE = "hazelcast.logging.type";

    /** Held so that JUL keeps the level set on it (it holds loggers weakly). */
    private static final Logger HAZELCAST_LOGGER = Logger.getLogger("com.hazelcast");

    private SluiceMembers() {}

    /**
     * The member configuration for the given settings.
     *
     * <p>The member listens on {@link ClusterSettings#bindAddress()} at exactly
     * {@link ClusterSettings#port()}, joins {@link ClusterSettings#members()} by TCP/IP (or stays
     * alone when there are none), and declares {@link ClusterSettings#processId()} in the
     * {@value #PROCESS_ID_ATTRIBUTE} member attribute when it is given.
     */
    public static Config config(ClusterSettings settings) {
        Objects.requireNonNull(settings, "settings must not be null");
        Config config = new Config();
        config.setClusterName(settings.clusterName());
        quietProperties(config::setProperty);
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.jmx", "false");
        withoutMetricsPublishers(config);
        // Members on one machine or one network find each other at once; the default 5 s wait for
        // more joiners only slows a start.
        config.setProperty("hazelcast.wait.seconds.before.join", "0");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        if (!isWildcard(settings.bindAddress())) {
            network.getInterfaces().setEnabled(true).addInterface(ipOf(settings.bindAddress()));
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        if (settings.publicAddress() != null) {
            network.setPublicAddress(settings.publicAddress());
        }

        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getAwsConfig().setEnabled(false);
        join.getGcpConfig().setEnabled(false);
        join.getAzureConfig().setEnabled(false);
        join.getKubernetesConfig().setEnabled(false);
        join.getEurekaConfig().setEnabled(false);
        join.getDiscoveryConfig().getDiscoveryStrategyConfigs().clear();
        config.setProperty("hazelcast.discovery.enabled", "false");
        // With no members to join, TCP/IP with only this member's own address starts it alone at
        // once (and without Hazelcast's warning that no join method is enabled).
        List<String> members = settings.members().isEmpty() ? List.of(ownAddress(settings)) : settings.members();
        join.getTcpIpConfig().setEnabled(true).setMembers(members);
        if (allOnLoopback(settings)) {
            // While no master is known, a joiner asks the others for this long before one claims
            // mastership; on loopback an answer takes milliseconds, not the default 5 s.
            join.getTcpIpConfig().setConnectionTimeoutSeconds(1);
        }

        settings.processId()
                .ifPresent(id ->
                        config.getMemberAttributeConfig().setAttribute(PROCESS_ID_ATTRIBUTE, Integer.toString(id)));
        config.getJetConfig().setEnabled(true);
        applyBackups(config, settings.backupCount());
        applyFailureDetection(config, settings.failureDetectionSeconds());
        registerSerializers(config);
        return config;
    }

    /** The maps whose backups {@link ClusterSettings#backupCount()} sets, besides the default configuration. */
    public static final String SLUICE_MAPS = "sluice.*";

    /**
     * Applies the backup count to Jet (job metadata and snapshots), to the {@value #SLUICE_MAPS} maps
     * and to the default map configuration, all synchronous backups.
     */
    private static void applyBackups(Config config, int backupCount) {
        config.getJetConfig().setBackupCount(backupCount);
        config.getMapConfig("default").setBackupCount(backupCount).setAsyncBackupCount(0);
        config.addMapConfig(
                new MapConfig(SLUICE_MAPS).setBackupCount(backupCount).setAsyncBackupCount(0));
    }

    /**
     * The heartbeat timeout, with heartbeats a fifth of it apart (at most Hazelcast's default 5 s, at
     * least 1 s), so that a member is removed only after several missed heartbeats.
     */
    private static void applyFailureDetection(Config config, int seconds) {
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(seconds));
        config.setProperty(
                "hazelcast.heartbeat.interval.seconds", Integer.toString(Math.max(1, Math.min(5, seconds / 5))));
    }

    /**
     * This JVM's running member of the named cluster. Input and output builders are called on their
     * worker's member but given only worker indices, so they find the member by its cluster's name.
     *
     * @throws IllegalStateException when this JVM runs no member of that cluster
     */
    public static HazelcastInstance runningMember(String clusterName) {
        return LocalMembers.running(clusterName);
    }

    /** Starts a member with {@link #config(ClusterSettings)}; it has joined its cluster when this returns. */
    public static HazelcastInstance start(ClusterSettings settings) {
        return Hazelcast.newHazelcastInstance(config(settings));
    }

    /**
     * The configuration of a client of a Sluice cluster.
     *
     * @param clusterName the cluster's name
     * @param addresses {@code host:port} of some of its members
     */
    public static ClientConfig clientConfig(String clusterName, List<String> addresses) {
        Objects.requireNonNull(clusterName, "clusterName must not be null");
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a client needs the address of at least one member");
        }
        addresses.forEach(HostPort::parse);
        ClientConfig config = new ClientConfig();
        config.setClusterName(clusterName);
        quietProperties(config::setProperty);
        config.getNetworkConfig().setAddresses(List.copyOf(addresses));
        // A client of a run's own cluster gives up soon when the cluster is gone, instead of
        // retrying for the default two minutes.
        config.getConnectionStrategyConfig()
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(10_000)
                .setMaxBackoffMillis(1_000);
        registerSerializers(config);
        return config;
    }

    /** Connects a client with {@link #clientConfig(String, List)}. */
    public static HazelcastInstance client(String clusterName, List<String> addresses) {
        return HazelcastClient.newHazelcastClient(clientConfig(clusterName, addresses));
    }

    private static void registerSerializers(Config config) {
        JetSerialization.register(config);
    }

    private static void registerSerializers(ClientConfig config) {
        JetSerialization.register(config);
    }

    private interface PropertySetter {
        void set(String name, String value);
    }

    /**
     * Turns off what Hazelcast does with each metrics collection (every 5 s) beside keeping it: a
     * compressed blob for Management Center and an MBean per metric target for JMX, registered for
     * the targets of the jobs running at that moment and dropped a collection later. That was most of
     * what an idle member spent each second, and a run's MBeans outlived it; Sluice uses neither.
     */
    public static void withoutMetricsPublishers(Config config) {
        config.getMetricsConfig().getManagementCenterConfig().setEnabled(false);
        config.getMetricsConfig().getJmxConfig().setEnabled(false);
    }

    private static void quietProperties(PropertySetter setter) {
        if (System.getProperty(LOGGING_TYPE) == null) {
            setter.set(LOGGING_TYPE, "jdk");
            if (HAZELCAST_LOGGER.getLevel() == null) {
                HAZELCAST_LOGGER.setLevel(Level.WARNING);
            }
        }
    }

    private static String ownAddress(ClusterSettings settings) {
        String host = settings.publicAddress() != null
                ? HostPort.parse(withPort(settings.publicAddress(), settings.port()))
                        .host()
                : isWildcard(settings.bindAddress()) ? "127.0.0.1" : settings.bindAddress();
        return new HostPort(host, settings.port()).toString();
    }

    private static String withPort(String address, int port) {
        try {
            HostPort.parse(address);
            return address;
        } catch (IllegalArgumentException e) {
            return new HostPort(address, port).toString();
        }
    }

    private static boolean allOnLoopback(ClusterSettings settings) {
        try {
            if (!InetAddress.getByName(settings.bindAddress()).isLoopbackAddress()) {
                return false;
            }
            for (String member : settings.members()) {
                if (!InetAddress.getByName(HostPort.parse(member).host()).isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("*");
    }

    private static String ipOf(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(
                    "the bind address '" + address + "' does not resolve: " + e.getMessage(), e);
        }
    }
}
