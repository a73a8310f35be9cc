package dev.sluice.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.execution.jet.ProcessIds;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Process IDs of a cluster's members, and waiting for a cluster to form.
 *
 * <h2>Process IDs</h2>
 * As {@link ProcessIds} assigns them: a member that declares an ID (the
 * {@value SluiceMembers#PROCESS_ID_ATTRIBUTE} member attribute) has that ID; the others take the IDs
 * no member declared, in the order they joined (the oldest member first, Hazelcast's member order).
 * With no declarations, the oldest member is process 0, the next one to join process 1, and so on;
 * with every member declaring, the declarations are the mapping. Two members declaring one ID, or
 * an ID not below the member count, is an error.
 */
public final class Membership {

    private static final long POLL_MILLIS = 20;

    private Membership() {}

    /**
     * The process of each current member of the instance's cluster, by process ID.
     *
     * @param instance a member or client of the cluster
     * @throws IllegalArgumentException when two members declare the same ID, or an ID out of range
     */
    public static List<ClusterProcess> processes(HazelcastInstance instance) {
        Member local = isMember(instance) ? instance.getCluster().getLocalMember() : null;
        return processes(instance.getCluster().getMembers(), local);
    }

    /**
     * The process of each member, by process ID, as {@link ProcessIds#assign} gives them.
     *
     * @param members the members in join order, the oldest first
     * @param local the member asking, marked {@code self}; {@code null} for none
     * @throws IllegalArgumentException when two members declare the same ID, or an ID out of range
     */
    public static List<ClusterProcess> processes(Collection<Member> members, Member local) {
        List<ClusterProcess> processes = new ArrayList<>();
        ProcessIds.assign(members)
                .forEach((member, id) -> processes.add(new ClusterProcess(
                        id,
                        address(member),
                        member.getUuid(),
                        ProcessIds.declared(member).isPresent(),
                        local != null && member.getUuid().equals(local.getUuid()))));
        return List.copyOf(processes);
    }

    /** The process ID of the given member, or of this member when {@code instance} is one. */
    public static int processIdOf(HazelcastInstance member) {
        if (!isMember(member)) {
            throw new IllegalArgumentException("a client has no process ID; pass a member");
        }
        return processes(member).stream()
                .filter(ClusterProcess::self)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("this member is not in its own member list"))
                .processId();
    }

    /**
     * Waits until the instance's cluster has at least {@code count} members.
     *
     * @param instance a member or client of the cluster
     * @param count the number of members to wait for
     * @param timeout how long to wait
     * @return the processes, by process ID
     * @throws ClusterJoinException when fewer have joined by the timeout, listing who is missing
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    public static List<ClusterProcess> awaitMembers(HazelcastInstance instance, int count, Duration timeout)
            throws InterruptedException {
        return awaitMembers(instance, count, List.of(), timeout);
    }

    /**
     * Waits until the instance's cluster has at least {@code count} members; the error names which
     * of the expected addresses have not joined.
     *
     * @param expectedAddresses {@code host:port} of the members expected, by process ID; may be empty
     */
    public static List<ClusterProcess> awaitMembers(
            HazelcastInstance instance, int count, List<String> expectedAddresses, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(instance, "instance must not be null");
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive, got " + count);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Set<Member> members = instance.getCluster().getMembers();
            if (members.size() >= count) {
                return processes(instance);
            }
            if (System.nanoTime() - deadline > 0) {
                throw new ClusterJoinException(missingMessage(instance, members, count, expectedAddresses, timeout));
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static String missingMessage(
            HazelcastInstance instance,
            Set<Member> members,
            int count,
            List<String> expectedAddresses,
            Duration timeout) {
        List<ClusterProcess> joined;
        try {
            joined = processes(instance);
        } catch (IllegalArgumentException e) {
            joined = List.of();
        }
        StringBuilder message = new StringBuilder()
                .append("only ")
                .append(members.size())
                .append(" of ")
                .append(count)
                .append(" members joined cluster ")
                .append(clusterName(instance))
                .append(" within ")
                .append(timeout.toMillis())
                .append(" ms; joined: ")
                .append(
                        joined.isEmpty()
                                ? members.stream().map(Membership::address).toList()
                                : joined);
        Set<Integer> joinedIds = joined.stream().map(ClusterProcess::processId).collect(Collectors.toSet());
        List<Integer> missingIds = IntStream.range(0, count)
                .filter(id -> !joinedIds.contains(id))
                .boxed()
                .toList();
        if (!expectedAddresses.isEmpty()) {
            Set<String> joinedAddresses = new HashSet<>();
            for (Member member : members) {
                joinedAddresses.add(normalize(address(member)));
            }
            List<String> missing = expectedAddresses.stream()
                    .filter(address -> !joinedAddresses.contains(normalize(address)))
                    .toList();
            message.append("; missing: ").append(missing);
        } else {
            message.append("; missing process IDs: ").append(missingIds);
        }
        return message.append(". Check that every process is started with the same cluster name and member "
                        + "addresses, and that their ports are reachable")
                .toString();
    }

    private static String clusterName(HazelcastInstance instance) {
        try {
            return "'" + instance.getConfig().getClusterName() + "'";
        } catch (RuntimeException e) {
            return "'" + instance.getName() + "'";
        }
    }

    static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }

    private static String normalize(String address) {
        HostPort hostPort = HostPort.parse(address);
        try {
            return InetAddress.getByName(hostPort.host()).getHostAddress() + ":" + hostPort.port();
        } catch (UnknownHostException e) {
            return address;
        }
    }

    /** Whether the instance is a member (not a client). */
    static boolean isMember(HazelcastInstance instance) {
        try {
            instance.getCluster().getLocalMember();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
