package dev.sluice.bench;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ChildJvm;
import dev.sluice.cluster.ChildMember;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A Sluice cluster on loopback for the benchmarks: process 0 is a member in this JVM (so that a
 * benchmark can submit to it, read its metrics and share its statics), and each further process is
 * a {@link ChildMember} in a child JVM. All are configured by {@link SluiceMembers} (TCP/IP join on
 * 127.0.0.1 only, no multicast), under a cluster name of their own. With one process it is the same
 * member alone: the one-process side of a comparison, set up the same way.
 *
 * <p>Process 0 collects Hazelcast's debug metrics too, for the networking byte counters
 * ({@link MemberMetrics}).
 */
final class LoopbackCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final String clusterName = "sluice-bench-" + UUID.randomUUID();
    final HazelcastInstance member;
    private final List<ChildJvm> children = new ArrayList<>();

    private LoopbackCluster(int processes) throws InterruptedException {
        if (processes < 1) {
            throw new IllegalArgumentException("at least one process, not " + processes);
        }
        List<Integer> ports = LocalCluster.freeLoopbackPorts(processes);
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        ClusterSettings settings = ClusterSettings.defaults()
                .withClusterName(clusterName)
                .withPort(ports.get(0))
                .withProcessId(0)
                .withBindAddress("127.0.0.1")
                .withMembers(List.of()); // the children join it
        Config config = SluiceMembers.config(settings);
        config.setProperty("hazelcast.metrics.debug.enabled", "true");
        member = Hazelcast.newHazelcastInstance(config);
        try {
            for (int process = 1; process < processes; process++) {
                List<String> args = new ArrayList<>(List.of(
                        "--cluster-name",
                        clusterName,
                        "--port",
                        ports.get(process).toString(),
                        "--process-id",
                        Integer.toString(process),
                        "--bind-address",
                        "127.0.0.1"));
                for (String address : addresses) {
                    args.add("--member");
                    args.add(address);
                }
                children.add(ChildJvm.start(
                        "bench process " + process, ChildMember.class.getName(), childJvmOptions(), args));
            }
            for (ChildJvm child : children) {
                child.awaitReady(START_TIMEOUT);
            }
            awaitMembers(processes);
        } catch (RuntimeException | InterruptedException e) {
            children.forEach(ChildJvm::kill);
            member.getLifecycleService().terminate();
            throw e;
        }
    }

    /** Starts {@code processes} processes and waits until they form one cluster. */
    static LoopbackCluster start(int processes) throws InterruptedException {
        return new LoopbackCluster(processes);
    }

    /**
     * The child's JVM options: {@link LocalCluster}'s (Hazelcast's access to JDK internals), with the
     * parallel collector and a fixed heap as in the benchmark JVM, instead of the small serial one, and
     * the image's performance-counter sampling (the {@code Dockerfile}'s {@code -XX:PerfDataSamplingInterval}).
     */
    static List<String> childJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : LocalCluster.DEFAULT_JVM_OPTIONS) {
            if (!option.startsWith("-XX:+Use") || !option.endsWith("GC")) {
                options.add(option);
            }
        }
        options.addAll(List.of("-XX:+UseParallelGC", "-Xms1g", "-Xmx1g", "-XX:PerfDataSamplingInterval=1000"));
        return options;
    }

    /** The child JVMs' operating-system process IDs (none with one process). */
    List<Long> childPids() {
        return children.stream().map(ChildJvm::pid).toList();
    }

    private void awaitMembers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (member.getCluster().getMembers().size() != count
                || !member.getPartitionService().isClusterSafe()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(clusterName + " did not form a cluster of " + count + " in "
                        + START_TIMEOUT.toSeconds() + " s; the children's last output:\n"
                        + children.stream().map(ChildJvm::outputTail).collect(Collectors.joining("\n")));
            }
            Thread.sleep(20);
        }
    }

    /** Stops the child JVMs and this JVM's member. */
    @Override
    public void close() {
        ChildJvm.stopAll(children, Duration.ofSeconds(5));
        member.getLifecycleService().terminate();
    }
}
