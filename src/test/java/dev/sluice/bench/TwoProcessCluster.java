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

/**
 * A Sluice cluster on loopback for the benchmarks: process 0 is a member in this JVM (so that a
 * benchmark can submit to it, read its metrics and share its statics), and, with two processes,
 * process 1 is a {@link ChildMember} in a child JVM. Both are configured by {@link SluiceMembers}
 * (TCP/IP join on 127.0.0.1 only, no multicast), under a cluster name of their own. With one
 * process it is the same member alone: the one-process side of a comparison, set up the same way.
 *
 * <p>Process 0 collects Hazelcast's debug metrics too, for the networking byte counters
 * ({@link MemberMetrics}).
 */
final class TwoProcessCluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final String clusterName = "sluice-bench-" + UUID.randomUUID();
    final HazelcastInstance member;
    private final ChildJvm child;

    private TwoProcessCluster(int processes) throws InterruptedException {
        if (processes < 1 || processes > 2) {
            throw new IllegalArgumentException("one or two processes, not " + processes);
        }
        List<Integer> ports = LocalCluster.freeLoopbackPorts(processes);
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        ClusterSettings settings = ClusterSettings.defaults()
                .withClusterName(clusterName)
                .withPort(ports.get(0))
                .withProcessId(0)
                .withBindAddress("127.0.0.1")
                .withMembers(List.of()); // the child joins it
        Config config = SluiceMembers.config(settings);
        config.setProperty("hazelcast.metrics.debug.enabled", "true");
        member = Hazelcast.newHazelcastInstance(config);
        ChildJvm started = null;
        try {
            if (processes == 2) {
                List<String> args = new ArrayList<>(List.of(
                        "--cluster-name",
                        clusterName,
                        "--port",
                        ports.get(1).toString(),
                        "--process-id",
                        "1",
                        "--bind-address",
                        "127.0.0.1"));
                for (String address : addresses) {
                    args.add("--member");
                    args.add(address);
                }
                started = ChildJvm.start("bench process 1", ChildMember.class.getName(), childJvmOptions(), args);
                started.awaitReady(START_TIMEOUT);
                awaitMembers(2);
            }
        } catch (RuntimeException | InterruptedException e) {
            if (started != null) {
                started.kill();
            }
            member.getLifecycleService().terminate();
            throw e;
        }
        child = started;
    }

    /** Starts one or two processes and waits until they form one cluster. */
    static TwoProcessCluster start(int processes) throws InterruptedException {
        return new TwoProcessCluster(processes);
    }

    /**
     * The child's JVM options: {@link LocalCluster}'s (Hazelcast's access to JDK internals), with the
     * parallel collector and a fixed heap as in the benchmark JVM, instead of the small serial one.
     */
    static List<String> childJvmOptions() {
        List<String> options = new ArrayList<>();
        for (String option : LocalCluster.DEFAULT_JVM_OPTIONS) {
            if (!option.startsWith("-XX:+Use") || !option.endsWith("GC")) {
                options.add(option);
            }
        }
        options.addAll(List.of("-XX:+UseParallelGC", "-Xms1g", "-Xmx1g"));
        return options;
    }

    /** The child JVM's operating-system process ID, or -1 with one process. */
    long childPid() {
        return child == null ? -1 : child.pid();
    }

    private void awaitMembers(int count) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (member.getCluster().getMembers().size() != count
                || !member.getPartitionService().isClusterSafe()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(clusterName + " did not form a cluster of " + count + " in "
                        + START_TIMEOUT.toSeconds() + " s; the child's last output:\n"
                        + (child == null ? "" : child.outputTail()));
            }
            Thread.sleep(20);
        }
    }

    /** Stops the child JVM and this JVM's member. */
    @Override
    public void close() {
        if (child != null) {
            child.stop(Duration.ofSeconds(5));
        }
        member.getLifecycleService().terminate();
    }
}
