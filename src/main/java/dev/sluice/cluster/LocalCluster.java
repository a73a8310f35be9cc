package dev.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Sluice cluster of child JVMs on this machine's loopback, and a client of it: what
 * {@code spawnCluster} and {@code runCluster} run on.
 *
 * <p>Each child runs {@link ChildMember} with a free loopback port, declares its process ID (its
 * index here) and joins the others by TCP/IP under a cluster name unique to this cluster
 * ({@code sluice-<uuid>}), so that two local clusters never merge. {@link #start} returns once every
 * member has joined; {@link #close()} stops them all (see {@link ChildJvm} for why none outlives
 * this JVM).
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(2)) {
 *     HazelcastInstance client = cluster.client();
 *     …
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {

    /**
     * The system property with extra options for child member JVMs, space-separated, e.g.
     * {@code -Xmx2g} or {@code -XX:TieredStopAtLevel=1} (quicker to start, slower to run: the tests use it).
     */
    public static final String EXTRA_JVM_OPTIONS_PROPERTY = "sluice.cluster.child-jvm-options";

    private static final List<String> BASE_JVM_OPTIONS = List.of(
            "-XX:+UseSerialGC",
            "-Xss1m",
            "-Djava.net.preferIPv4Stack=true",
            // what Hazelcast asks for on Java 9+, for its fast paths and to keep it from warning
            "--add-modules",
            "java.se",
            "--add-exports",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.management/sun.management=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED");

    /**
     * Options for child member JVMs, followed by those of {@value #EXTRA_JVM_OPTIONS_PROPERTY}:
     * a small footprint, and Hazelcast's access to JDK internals.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = defaultJvmOptions();

    /** How long a cluster may take to form. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;

    private static List<String> defaultJvmOptions() {
        List<String> options = new ArrayList<>(BASE_JVM_OPTIONS);
        String extra = System.getProperty(EXTRA_JVM_OPTIONS_PROPERTY, "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return List.copyOf(options);
    }

    private final String clusterName;
    private final List<String> addresses;
    private final List<ChildJvm> children = new ArrayList<>();
    private HazelcastInstance client;
    private boolean closed;

    private LocalCluster(String clusterName, List<String> addresses) {
        this.clusterName = clusterName;
        this.addresses = addresses;
    }

    /**
     * Starts {@code processes} child members and waits until they form one cluster.
     *
     * @throws ClusterJoinException when a child fails or the cluster does not form in time; every
     *     child started is stopped first
     * @throws InterruptedException when interrupted while waiting; every child started is stopped first
     */
    public static LocalCluster start(int processes) throws InterruptedException {
        return start(processes, DEFAULT_JVM_OPTIONS, DEFAULT_START_TIMEOUT);
    }

    /**
     * Starts {@code processes} child members with the given JVM options and waits until they form
     * one cluster.
     */
    public static LocalCluster start(int processes, List<String> jvmOptions, Duration timeout)
            throws InterruptedException {
        if (processes < 1) {
            throw new IllegalArgumentException("processes must be positive, got " + processes);
        }
        Objects.requireNonNull(jvmOptions, "jvmOptions must not be null");
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(processes, jvmOptions, timeout);
            } catch (ClusterJoinException e) {
                // A port found free was taken before the child bound it: try again with new ones.
                if (attempt == PORT_ATTEMPTS || !String.valueOf(e.getMessage()).contains("is already in use")) {
                    throw e;
                }
            }
        }
    }

    private static LocalCluster startOnce(int processes, List<String> jvmOptions, Duration timeout)
            throws InterruptedException {
        List<String> addresses = freeLoopbackPorts(processes).stream()
                .map(port -> "127.0.0.1:" + port)
                .toList();
        LocalCluster cluster = new LocalCluster("sluice-" + UUID.randomUUID(), addresses);
        boolean started = false;
        try {
            cluster.startChildren(jvmOptions, timeout);
            started = true;
            return cluster;
        } finally {
            if (!started) {
                cluster.close();
            }
        }
    }

    private void startChildren(List<String> jvmOptions, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int id = 0; id < addresses.size(); id++) {
            List<String> args = new ArrayList<>(List.of(
                    "--cluster-name", clusterName,
                    "--port", Integer.toString(HostPort.parse(addresses.get(id)).port()),
                    "--process-id", Integer.toString(id)));
            for (String address : addresses) {
                args.add("--member");
                args.add(address);
            }
            children.add(ChildJvm.start("process " + id, ChildMember.class.getName(), jvmOptions, args));
        }
        for (ChildJvm child : children) {
            child.awaitReady(left(deadline));
        }
        client = SluiceMembers.client(clusterName, addresses);
        List<ClusterProcess> processes = Membership.awaitMembers(client, addresses.size(), addresses, left(deadline));
        for (ClusterProcess process : processes) {
            if (!process.declared()) {
                throw new ClusterJoinException("member " + process.address() + " of cluster " + clusterName
                        + " did not declare a process ID: another cluster's member joined it");
            }
        }
    }

    /** The cluster's name, {@code sluice-<uuid>}. */
    public String clusterName() {
        return clusterName;
    }

    /** The members' addresses, by process ID. */
    public List<String> addresses() {
        return addresses;
    }

    /** The child JVMs, by process ID. */
    public List<ChildJvm> children() {
        return List.copyOf(children);
    }

    /** The operating-system process IDs of the child JVMs, by Sluice process ID. */
    public List<Long> pids() {
        return children.stream().map(ChildJvm::pid).toList();
    }

    /** A client of the cluster, connected; closed with the cluster. */
    public HazelcastInstance client() {
        if (closed) {
            throw new IllegalStateException("the local cluster " + clusterName + " is closed");
        }
        return client;
    }

    /** Stops the client and every child JVM; returns once they have gone. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Stop everything even when closing because of an interrupt: wait for the children to go.
        boolean interrupted = Thread.interrupted();
        try {
            if (client != null) {
                try {
                    client.shutdown();
                } catch (RuntimeException e) {
                    // the members stop anyway
                }
            }
            ChildJvm.stopAll(children, STOP_GRACE);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return "LocalCluster[" + clusterName + ", " + addresses + "]";
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    /** The lowest port {@link #freeLoopbackPorts} hands out. */
    static final int FREE_PORTS_FROM = 10_000;

    /**
     * Below the ports the system gives outgoing connections: Linux's default ephemeral range starts at
     * 32768, the IANA range that macOS and Windows use at 49152.
     */
    static final int FREE_PORTS_BELOW = 32_768;

    /**
     * Distinct ports free on loopback right now (held open together, so they differ), chosen at random
     * below the ephemeral range. A port the system picks for a server socket of port 0 is an ephemeral
     * one, and so is the local port of every outgoing connection: between the pick and the member's own
     * bind, a connection anywhere on the machine (one member dialling another that is not listening yet,
     * say) could take it, and the member would fail to start with "Address already in use".
     */
    public static List<Integer> freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int tries = 0;
            while (sockets.size() < count) {
                if (++tries > 100 * count) {
                    throw new IOException(
                            "no free port below " + FREE_PORTS_BELOW + " after " + (tries - 1) + " tries");
                }
                int port = ThreadLocalRandom.current().nextInt(FREE_PORTS_FROM, FREE_PORTS_BELOW);
                try {
                    sockets.add(new ServerSocket(port, 1, InetAddress.getLoopbackAddress()));
                } catch (IOException taken) {
                    // in use: try another
                }
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not find free loopback ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // a port only
                }
            }
        }
    }
}
