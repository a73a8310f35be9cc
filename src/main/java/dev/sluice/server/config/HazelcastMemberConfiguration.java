package dev.sluice.server.config;

import com.hazelcast.config.Config;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.SluiceMembers;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded Hazelcast member, configured from {@code sluice.cluster.*}: TCP/IP join with the given
 * members only, Jet enabled, Sluice's serializers. Spring Boot's Hazelcast auto-configuration starts
 * it from this {@link Config} and shuts it down with the context.
 */
@Configuration(proxyBeanMethods = false)
class HazelcastMemberConfiguration {

    @Bean
    Config hazelcastConfig(SluiceProperties properties) {
        Config config = SluiceMembers.config(settings(properties.cluster()));
        // Jobs show their progress (lowest open epoch) from Jet's metrics: collect them every second.
        config.getMetricsConfig().setCollectionFrequencySeconds(1);
        // Only Jet's own job metrics are read (by JobService). By default every collection is also
        // compressed into a blob for Management Center and published to JMX MBeans, which is most of
        // what an idle member spends each second; Sluice uses neither.
        config.getMetricsConfig().getManagementCenterConfig().setEnabled(false);
        config.getMetricsConfig().getJmxConfig().setEnabled(false);
        return config;
    }

    static ClusterSettings settings(SluiceProperties.Cluster cluster) {
        List<String> members = cluster.members().stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        return new ClusterSettings(
                cluster.name(),
                cluster.port(),
                members,
                cluster.processId() >= 0 ? OptionalInt.of(cluster.processId()) : OptionalInt.empty(),
                cluster.bindAddress(),
                cluster.publicAddress().isBlank() ? null : cluster.publicAddress());
    }
}
