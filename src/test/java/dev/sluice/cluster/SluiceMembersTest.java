package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SluiceMembersTest {

    @Test
    void memberJoinsTheGivenMembersByTcpIpOnlyWithJetOnAndNoPhoneHome() {
        ClusterSettings settings = ClusterSettings.defaults()
                .withClusterName("wordcount")
                .withPort(6123)
                .withMembers(List.of("127.0.0.1:6123", "127.0.0.1:6124"))
                .withProcessId(1);

        Config config = SluiceMembers.config(settings);

        assertThat(config.getClusterName()).isEqualTo("wordcount");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(6123);
        assertThat(config.getNetworkConfig().isPortAutoIncrement()).isFalse();
        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
        assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
        JoinConfig join = config.getNetworkConfig().getJoin();
        assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
        assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:6123", "127.0.0.1:6124");
        assertThat(join.getMulticastConfig().isEnabled()).isFalse();
        assertThat(join.isAutoDetectionEnabled()).isFalse();
        assertThat(join.getAwsConfig().isEnabled()).isFalse();
        assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
        assertThat(join.getDiscoveryConfig().getDiscoveryStrategyConfigs()).isEmpty();
        assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(config.getJetConfig().isEnabled()).isTrue();
        assertThat(config.getMemberAttributeConfig().getAttribute(SluiceMembers.PROCESS_ID_ATTRIBUTE))
                .isEqualTo("1");
        assertThat(config.getSerializationConfig().getSerializerConfigs())
                .extracting(serializer -> serializer.getTypeClass())
                .contains(EpochItem.class, KeyValue.class);
    }

    @Test
    void metricsAreKeptButPublishedNeitherToJmxNorForManagementCenter() {
        Config config = SluiceMembers.config(ClusterSettings.defaults());

        assertThat(config.getMetricsConfig().isEnabled()).isTrue();
        assertThat(config.getMetricsConfig().getJmxConfig().isEnabled()).isFalse();
        assertThat(config.getMetricsConfig().getManagementCenterConfig().isEnabled())
                .isFalse();
    }

    @Test
    void withoutMembersAMemberStandsAloneAndDeclaresNoProcessId() {
        Config config = SluiceMembers.config(ClusterSettings.defaults());

        assertThat(config.getClusterName()).isEqualTo("sluice");
        assertThat(config.getNetworkConfig().getPort()).isEqualTo(5701);
        assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .containsExactly("127.0.0.1:5701");
        assertThat(config.getMemberAttributeConfig().getAttributes())
                .doesNotContainKey(SluiceMembers.PROCESS_ID_ATTRIBUTE);
    }

    @Test
    void wildcardBindListensEverywhereAndPublishesThePublicAddress() {
        Config config = SluiceMembers.config(
                ClusterSettings.defaults().withBindAddress("0.0.0.0").withPublicAddress("node-1.example:5701"));

        assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
        assertThat(config.getNetworkConfig().getPublicAddress()).isEqualTo("node-1.example:5701");
    }

    @Test
    void backupsApplyToJetTheSluiceMapsAndTheDefaultMapConfiguration() {
        Config defaults = SluiceMembers.config(ClusterSettings.defaults());
        assertThat(defaults.getJetConfig().getBackupCount()).isEqualTo(2);
        assertThat(defaults.getMapConfig("sluice.job-output-pairs").getBackupCount())
                .isEqualTo(2);
        assertThat(defaults.getMapConfig("sluice.job-failures").getBackupCount())
                .isEqualTo(2);
        assertThat(defaults.getMapConfig("any-other-map").getBackupCount()).isEqualTo(2);

        Config none = SluiceMembers.config(ClusterSettings.defaults().withBackupCount(0));
        assertThat(none.getJetConfig().getBackupCount()).isZero();
        assertThat(none.getMapConfig("sluice.jobs").getBackupCount()).isZero();
        assertThat(none.getMapConfig("sluice.jobs").getAsyncBackupCount()).isZero();
    }

    @Test
    void failureDetectionSetsTheHeartbeatTimeoutWithSeveralHeartbeatsInIt() {
        Config defaults = SluiceMembers.config(ClusterSettings.defaults());
        assertThat(defaults.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("60");
        assertThat(defaults.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("5");

        Config quick = SluiceMembers.config(ClusterSettings.defaults().withFailureDetectionSeconds(10));
        assertThat(quick.getProperty("hazelcast.max.no.heartbeat.seconds")).isEqualTo("10");
        assertThat(quick.getProperty("hazelcast.heartbeat.interval.seconds")).isEqualTo("2");
    }

    @Test
    void backupsAndFailureDetectionRefuseWhatCannotWork() {
        assertThatThrownBy(() -> ClusterSettings.defaults().withBackupCount(-1))
                .hasMessageContaining("backupCount must be 0..6")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> ClusterSettings.defaults().withBackupCount(7))
                .hasMessageContaining("backupCount must be 0..6")
                .hasMessageContaining("7");
        assertThatThrownBy(() -> ClusterSettings.defaults().withFailureDetectionSeconds(2))
                .hasMessageContaining("failureDetectionSeconds must be at least 3")
                .hasMessageContaining("2");
    }

    @Test
    void clientConnectsToTheGivenClusterWithOurSerializers() {
        ClientConfig config = SluiceMembers.clientConfig("wordcount", List.of("127.0.0.1:6123"));

        assertThat(config.getClusterName()).isEqualTo("wordcount");
        assertThat(config.getNetworkConfig().getAddresses()).containsExactly("127.0.0.1:6123");
        assertThat(config.getSerializationConfig().getSerializerConfigs())
                .extracting(serializer -> serializer.getTypeClass())
                .contains(EpochItem.class, KeyValue.class);
    }

    @Test
    void settingsRefuseWhatCannotWork() {
        assertThatThrownBy(() -> ClusterSettings.defaults().withPort(0)).hasMessageContaining("port must be 1..65535");
        assertThatThrownBy(() -> ClusterSettings.defaults().withMembers(List.of("localhost")))
                .hasMessageContaining("'localhost' is not a host:port address");
        assertThatThrownBy(() -> ClusterSettings.defaults().withProcessId(-1)).hasMessageContaining("non-negative");
        assertThat(ClusterSettings.defaults().processId()).isEqualTo(OptionalInt.empty());
        assertThat(HostPort.parse("[::1]:5701")).isEqualTo(new HostPort("::1", 5701));
        assertThat(new HostPort("::1", 5701)).hasToString("[::1]:5701");
    }
}
