package dev.sluice.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a cluster of three child JVM members on loopback (and one in this JVM, which
 * watches) takes to remove a member that
 * died ({@code SIGKILL}: its connections close) or froze ({@code SIGSTOP}: its connections stay open,
 * only heartbeats tell), first one that is not the master, then the master. A measurement, not a test:
 *
 * <pre>
 * java -cp … dev.sluice.cluster.FailureDetectionProbe [KILL|STOP] [failure-detection-seconds]
 * </pre>
 */
public final class FailureDetectionProbe {

    private FailureDetectionProbe() {}

    public static void main(String[] args) throws Exception {
        String signal = args.length > 0 ? args[0] : "KILL";
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : ClusterSettings.DEFAULT_FAILURE_DETECTION_SECONDS;
        String clusterName = "probe-" + UUID.randomUUID();
        List<String> addresses = LocalCluster.freeLoopbackPorts(4).stream()
                .map(port -> "127.0.0.1:" + port)
                .toList();
        List<ChildJvm> children = new ArrayList<>();
        HazelcastInstance client = null;
        try {
            for (int id = 0; id < 3; id++) {
                List<String> members = addresses;
                List<String> memberArgs = new ArrayList<>(List.of(
                        "--cluster-name",
                        clusterName,
                        "--port",
                        addresses.get(id).split(":")[1],
                        "--process-id",
                        Integer.toString(id),
                        "--failure-detection-seconds",
                        Integer.toString(seconds)));
                members.forEach(address -> memberArgs.addAll(List.of("--member", address)));
                children.add(ChildJvm.start(
                        "process " + id, ChildMember.class.getName(), LocalCluster.DEFAULT_JVM_OPTIONS, memberArgs));
            }
            for (ChildJvm child : children) {
                child.awaitReady(Duration.ofSeconds(60));
            }
            // the observer is a member of its own in this JVM, the youngest: a client would learn of the
            // change only through the member it listens to, which may be the frozen one
            client = SluiceMembers.start(ClusterSettings.defaults()
                    .withClusterName(clusterName)
                    .withPort(Integer.parseInt(addresses.get(3).split(":")[1]))
                    .withMembers(addresses)
                    .withFailureDetectionSeconds(seconds));
            Membership.awaitMembers(client, 4, addresses, Duration.ofSeconds(60));
            System.out.println("4 members; SIG" + signal + "; failure detection " + seconds + " s");
            measure(client, children.get(2), signal, "a member (not the master)");
            measure(client, children.get(0), signal, "the master");
        } finally {
            if (client != null) {
                client.shutdown();
            }
            for (ChildJvm child : children) {
                child.kill();
            }
        }
    }

    private static void measure(HazelcastInstance client, ChildJvm victim, String signal, String what)
            throws InterruptedException, IOException {
        CountDownLatch removed = new CountDownLatch(1);
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                removed.countDown();
            }
        });
        long start = System.nanoTime();
        new ProcessBuilder("kill", "-" + signal, Long.toString(victim.pid()))
                .inheritIO()
                .start()
                .waitFor();
        boolean seen = removed.await(180, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("SIG" + signal + " of " + what + ": "
                + (seen ? "removed after " + millis + " ms" : "not removed within " + millis + " ms"));
    }
}
