package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Process IDs follow join order (oldest first) unless a member declares its own. */
class MembershipTest {

    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void processIdsFollowJoinOrderWithoutDeclarations() throws InterruptedException {
        List<String> addresses = start(3, i -> null);

        List<ClusterProcess> processes = Membership.awaitMembers(members.get(2), 3, Duration.ofSeconds(30));

        assertThat(processes).extracting(ClusterProcess::processId).containsExactly(0, 1, 2);
        assertThat(processes).extracting(ClusterProcess::address).containsExactlyElementsOf(addresses);
        assertThat(processes).noneMatch(ClusterProcess::declared);
        assertThat(processes).extracting(ClusterProcess::self).containsExactly(false, false, true);
        assertThat(Membership.processIdOf(members.get(1))).isEqualTo(1);
    }

    @Test
    void aDeclaredProcessIdWinsOverJoinOrderAndTheOthersFillTheRest() throws InterruptedException {
        // the oldest member declares nothing; the second declares 0, so the oldest becomes 1
        List<String> addresses = start(2, i -> i == 1 ? 0 : null);

        List<ClusterProcess> processes = Membership.awaitMembers(members.get(0), 2, Duration.ofSeconds(30));

        assertThat(processes).extracting(ClusterProcess::address).containsExactly(addresses.get(1), addresses.get(0));
        assertThat(processes).extracting(ClusterProcess::declared).containsExactly(true, false);
        assertThat(Membership.processIdOf(members.get(0))).isEqualTo(1);

        // waiting for a third member that never comes names who is missing
        String absent = "127.0.0.1:" + LocalCluster.freeLoopbackPorts(1).get(0);
        List<String> expected = List.of(addresses.get(1), addresses.get(0), absent);
        assertThatThrownBy(() -> Membership.awaitMembers(members.get(0), 3, expected, Duration.ofMillis(200)))
                .isInstanceOf(ClusterJoinException.class)
                .hasMessageContaining("only 2 of 3 members joined")
                .hasMessageContaining("missing: [" + absent + "]");
    }

    /** Starts members one after another, so that they join in index order. */
    private List<String> start(int count, IntFunction<Integer> declaredIdOf) {
        String clusterName = "sluice-test-" + UUID.randomUUID();
        List<String> addresses = LocalCluster.freeLoopbackPorts(count).stream()
                .map(port -> "127.0.0.1:" + port)
                .toList();
        for (int i = 0; i < count; i++) {
            ClusterSettings settings = ClusterSettings.defaults()
                    .withClusterName(clusterName)
                    .withPort(HostPort.parse(addresses.get(i)).port())
                    .withMembers(addresses);
            Integer declared = declaredIdOf.apply(i);
            members.add(SluiceMembers.start(declared == null ? settings : settings.withProcessId(declared)));
        }
        return addresses;
    }
}
