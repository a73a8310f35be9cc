package dev.sluice.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Measures how long a cluster of child JVM members on loopback takes to notice a member killed with
 * {@code SIGKILL}: first a member that is not the master, then the master. A measurement, not a test:
 * {@code java -cp … dev.sluice.cluster.FailureDetectionProbe} (see the README's failure detection).
 */
public final class FailureDetectionProbe {

    private FailureDetectionProbe() {}

    public static void main(String[] args) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            HazelcastInstance client = cluster.client();
            System.out.println("cluster of 3 formed; failure detection " + System.getProperty(
                    "sluice.cluster.child-jvm-options", "(defaults)"));
            measure(client, cluster.children().get(2), "a member (not the master)");
            measure(client, cluster.children().get(0), "the master");
        }
    }

    private static void measure(HazelcastInstance client, ChildJvm victim, String what) throws InterruptedException {
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
        victim.handle().destroyForcibly(); // SIGKILL
        boolean seen = removed.await(180, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("SIGKILL of " + what + ": " + (seen ? "removed after " + millis + " ms"
                : "not removed within " + millis + " ms"));
    }
}
