package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import dev.sluice.cluster.LocalCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The service's maps take writes only on a member that sees a majority of the members it lists (issue
 * 16): a member of three that is alone refuses them, and takes them once a second member has joined.
 */
class WriteQuorumTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SluiceProperties.class)
    static class Properties {}

    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void aMajorityOfTheListedMembersIsNeededAndOneListedNeedsNone() {
        assertThat(WriteQuorum.size(List.of())).isZero();
        assertThat(WriteQuorum.size(List.of("127.0.0.1:5701"))).isZero();
        assertThat(WriteQuorum.size(List.of("a:1", "b:1"))).isEqualTo(2);
        assertThat(WriteQuorum.size(List.of("a:1", "b:1", "c:1"))).isEqualTo(2);
        assertThat(WriteQuorum.size(List.of("a:1", "b:1", "c:1", "a:1"))).isEqualTo(2);
        assertThat(WriteQuorum.size(List.of("a:1", "b:1", "c:1", "d:1"))).isEqualTo(3);
        assertThat(WriteQuorum.size(List.of("a:1", "b:1", "c:1", "d:1", "e:1"))).isEqualTo(3);
    }

    @Test
    void oneMemberWrittenTwoWaysCountsOnce() {
        assertThat(WriteQuorum.size(List.of("localhost:5701", "127.0.0.1:5701")))
                .isZero();
        assertThat(WriteQuorum.size(List.of("Sluice-1:5701", "sluice-1:5701"))).isZero();
        assertThat(WriteQuorum.size(List.of("[::1]:5701", "[0:0:0:0:0:0:0:1]:5701")))
                .isZero();
        assertThat(WriteQuorum.size(List.of("127.0.0.1:5701", "127.0.0.1:5702", "localhost:5701")))
                .isEqualTo(2);
        assertThat(WriteQuorum.memberKey(" localhost:5701")).isEqualTo("127.0.0.1:5701");
        assertThat(WriteQuorum.memberKey("[::1]:5701")).isEqualTo("[0:0:0:0:0:0:0:1]:5701");
        assertThat(WriteQuorum.memberKey("sluice-2.cluster:5701")).isEqualTo("sluice-2.cluster:5701");
    }

    @Test
    void aSingleMemberHasNoProtection() {
        Config config = memberConfig("sluice.cluster.members=");
        assertThat(config.getSplitBrainProtectionConfigs()).doesNotContainKey(WriteQuorum.NAME);
    }

    @Test
    void aMemberAloneOfThreeRefusesWritesToTheServiceMapsUntilASecondJoins() {
        String name = "quorum-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(3);
        String list = "127.0.0.1:" + ports.get(0) + ",127.0.0.1:" + ports.get(1) + ",127.0.0.1:" + ports.get(2);
        HazelcastInstance first = start(name, ports.get(0), list);

        assertThat(WriteQuorum.present(first)).isFalse();
        assertThatThrownBy(() -> first.getMap("sluice.jobs").set("a", "b"))
                .isInstanceOf(SplitBrainProtectionException.class);
        assertThat(first.getMap("sluice.jobs").get("a"))
                .as("reads still answer")
                .isNull();
        first.getMap("other").set("a", "b");

        start(name, ports.get(1), list);
        await().atMost(Duration.ofSeconds(60)).until(() -> WriteQuorum.present(first));
        first.getMap("sluice.jobs").set("a", "b");
        assertThat(first.getMap("sluice.jobs").get("a")).isEqualTo("b");
    }

    private HazelcastInstance start(String clusterName, int port, String list) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(memberConfig(
                "sluice.cluster.name=" + clusterName,
                "sluice.cluster.port=" + port,
                "sluice.cluster.bind-address=127.0.0.1",
                "sluice.cluster.members=" + list));
        members.add(member);
        return member;
    }

    private static Config memberConfig(String... properties) {
        Config[] config = new Config[1];
        new ApplicationContextRunner()
                .withUserConfiguration(Properties.class)
                .withPropertyValues(properties)
                .run(context ->
                        config[0] = HazelcastMemberConfiguration.memberConfig(context.getBean(SluiceProperties.class)));
        return config[0];
    }
}
