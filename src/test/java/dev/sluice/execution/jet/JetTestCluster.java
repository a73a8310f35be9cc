package dev.sluice.execution.jet;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Embedded Hazelcast members with Jet in this JVM, for tests: loopback only, TCP/IP join on free
 * ports, no multicast or auto-detection, a unique cluster name, logging off. Close it to shut them
 * all down.
 */
final class JetTestCluster implements AutoCloseable {

    private final String name = "sluice-test-" + UUID.randomUUID();
    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<String> addresses = new ArrayList<>();
    private Consumer<Config> customizer = config -> {};

    private JetTestCluster() {}

    /** Starts {@code count} members, one after the other (the first is the oldest). */
    static JetTestCluster start(int count) {
        return start(count, i -> null, config -> {});
    }

    /**
     * Starts {@code count} members, the {@code i}-th declaring {@code processIdOf.apply(i)} as its
     * process ID ({@code null}: none), each configured further by {@code customizer}.
     */
    static JetTestCluster start(int count, IntFunction<Integer> processIdOf, Consumer<Config> customizer) {
        JetTestCluster cluster = new JetTestCluster();
        cluster.customizer = customizer;
        try {
            List<String> addresses = cluster.addresses;
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ports[i] = freePort();
                addresses.add("127.0.0.1:" + ports[i]);
            }
            for (int i = 0; i < count; i++) {
                Config config = config(cluster.name, i, ports[i], addresses);
                Integer processId = processIdOf.apply(i);
                if (processId != null) {
                    config.getMemberAttributeConfig().setAttribute(ProcessIds.ATTRIBUTE, processId.toString());
                }
                customizer.accept(config);
                cluster.members.add(Hazelcast.newHazelcastInstance(config));
            }
            cluster.awaitMembers(count);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** Starts one more member, which joins the others, and waits until the cluster is safe. */
    HazelcastInstance addMember() {
        int port = freePort();
        addresses.add("127.0.0.1:" + port);
        Config config = config(name, members.size(), port, addresses);
        customizer.accept(config);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        awaitMembers((int) members.stream()
                .filter(m -> m.getLifecycleService().isRunning())
                .count());
        return member;
    }

    /** Stops member {@code i} at once, without migrating its partitions (as a crash would). */
    void terminate(int i) {
        members.get(i).getLifecycleService().terminate();
    }

    /** The indices of the members still running, oldest first. */
    List<Integer> runningIndices() {
        List<Integer> running = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getLifecycleService().isRunning()) {
                running.add(i);
            }
        }
        return running;
    }

    /** The index of the Hazelcast master (the oldest member), which coordinates every Jet job. */
    int masterIndex() {
        for (int i : runningIndices()) {
            HazelcastInstance member = members.get(i);
            if (member.getCluster().getMembers().iterator().next().localMember()) {
                return i;
            }
        }
        throw new IllegalStateException("no running member is the master");
    }

    /** The member's instance name, which names Jet's threads on it: {@code <cluster>-m<i>}. */
    String instanceName(int i) {
        return name + "-m" + i;
    }

    HazelcastInstance member(int i) {
        return members.get(i);
    }

    private static Config config(String clusterName, int index, int port, List<String> addresses) {
        Config config = new Config();
        config.setClusterName(clusterName);
        config.setInstanceName(clusterName + "-m" + index);
        config.setProperty("hazelcast.logging.type", "none");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.wait.seconds.before.join", "0");
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.getJetConfig().setEnabled(true);
        SluiceMembers.withoutMetricsPublishers(config);
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(addresses);
        JetSerialization.register(config);
        return config;
    }

    private void awaitMembers(int count) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        for (HazelcastInstance member : members) {
            if (!member.getLifecycleService().isRunning()) {
                continue;
            }
            while (member.getCluster().getMembers().size() != count
                    || !member.getPartitionService().isClusterSafe()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("members did not form one cluster of " + count + " in 30 s");
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the cluster formed", e);
                }
            }
        }
    }

    private static int freePort() {
        return LocalCluster.freeLoopbackPorts(1).get(0);
    }

    @Override
    public void close() {
        for (int i = members.size() - 1; i >= 0; i--) {
            try {
                members.get(i).getLifecycleService().terminate();
            } catch (RuntimeException e) {
                // keep shutting the others down
            }
        }
        members.clear();
    }
}
