package dev.sluice.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.execution.jet.ProcessIds;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** The lifecycle settings: their defaults, their environment form, and a clear error for a bad value. */
class LifecyclePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SluiceProperties.class)
    static class Properties {}

    private final ApplicationContextRunner contexts =
            new ApplicationContextRunner().withUserConfiguration(Properties.class);

    @Test
    void defaultsKeepTwoBackupsHazelcastsHeartbeatTimeoutAndATwentySecondDrain() {
        contexts.run(context -> {
            SluiceProperties properties = context.getBean(SluiceProperties.class);
            assertThat(properties.cluster().backupCount()).isEqualTo(2);
            assertThat(properties.cluster().failureDetectionSeconds()).isEqualTo(60);
            assertThat(properties.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(20));
            assertThat(HazelcastMemberConfiguration.settings(properties.cluster())
                            .backupCount())
                    .isEqualTo(2);
        });
    }

    @Test
    void settingsReachTheMemberConfiguration() {
        contexts.withPropertyValues(
                        "sluice.cluster.backup-count=1",
                        "sluice.cluster.failure-detection-seconds=10",
                        "sluice.shutdown.drain-timeout=45s")
                .run(context -> {
                    SluiceProperties properties = context.getBean(SluiceProperties.class);
                    var config = HazelcastMemberConfiguration.memberConfig(properties);
                    assertThat(config.getJetConfig().getBackupCount()).isEqualTo(1);
                    assertThat(config.getMapConfig("sluice.jobs").getBackupCount())
                            .isEqualTo(1);
                    assertThat(config.getProperty("hazelcast.max.no.heartbeat.seconds"))
                            .isEqualTo("10");
                    assertThat(config.getProperty("hazelcast.shutdownhook.enabled"))
                            .isEqualTo("false");
                    assertThat(properties.shutdown().drainTimeout()).isEqualTo(Duration.ofSeconds(45));
                });
    }

    @Test
    void aProcessOrderBecomesTheMemberAttributeAndNoneSetsNoAttribute() {
        contexts.withPropertyValues("sluice.cluster.process-order=3").run(context -> {
            var config = HazelcastMemberConfiguration.memberConfig(context.getBean(SluiceProperties.class));
            assertThat(config.getMemberAttributeConfig().getAttribute(ProcessIds.ORDER_ATTRIBUTE))
                    .isEqualTo("3");
        });
        contexts.run(context -> {
            var config = HazelcastMemberConfiguration.memberConfig(context.getBean(SluiceProperties.class));
            assertThat(config.getMemberAttributeConfig().getAttributes()).doesNotContainKey(ProcessIds.ORDER_ATTRIBUTE);
        });
    }

    @Test
    void aBackupCountHazelcastCannotKeepIsRefusedNamingTheSetting() {
        contexts.withPropertyValues("sluice.cluster.backup-count=7").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("sluice.cluster.backup-count (SLUICE_CLUSTER_BACKUP_COUNT) must be 0..6")
                    .hasMessageEndingWith("got 7");
        });
    }

    @Test
    void aFailureDetectionShorterThanAFewHeartbeatsIsRefusedNamingTheSetting() {
        contexts.withPropertyValues("sluice.cluster.failure-detection-seconds=1")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("sluice.cluster.failure-detection-seconds")
                            .hasMessageContaining("at least 3, got 1");
                });
    }

    @Test
    void aNegativeDrainTimeoutIsRefusedNamingTheSetting() {
        contexts.withPropertyValues("sluice.shutdown.drain-timeout=-5s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("sluice.shutdown.drain-timeout")
                    .hasMessageContaining("must not be negative");
        });
    }
}
