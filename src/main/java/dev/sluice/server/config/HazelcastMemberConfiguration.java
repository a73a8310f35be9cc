package dev.sluice.server.config;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.execution.jet.ProcessIds;
import java.util.List;
import java.util.OptionalInt;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The embedded Hazelcast member, configured from {@code sluice.cluster.*}: TCP/IP join with the given
 * members only, Jet enabled, Sluice's serializers, the backups and failure detection of the settings,
 * and writes to the service's maps only while a majority of the listed members is seen ({@link WriteQuorum}).
 * Spring Boot's Hazelcast auto-configuration starts it from this {@link Config} and shuts it down
 * gracefully with the context ({@link HazelcastInstance#shutdown()}: its partitions migrate to the
 * other members first, and Jet moves its jobs), after the web server has drained.
 *
 * <p>An application's own {@link Config} or {@link HazelcastInstance} bean replaces it; that member needs
 * Jet enabled and Sluice's serializers ({@code SluiceMembers.config} builds such a {@code Config}).
 * {@link MemberConfigCustomizer} beans change this one.
 */
@Configuration(proxyBeanMethods = false)
class HazelcastMemberConfiguration {

    @Bean
    @ConditionalOnMissingBean({Config.class, HazelcastInstance.class})
    Config hazelcastConfig(
            SluiceProperties properties,
            ResourceLoader resourceLoader,
            ObjectProvider<MemberConfigCustomizer> customizers) {
        Config config = memberConfig(properties);
        // the application's class loader (with the flow jars of sluice.flows.path, if any): Jet
        // deserializes the step functions of every run and job through it
        config.setClassLoader(resourceLoader.getClassLoader());
        customizers.orderedStream().forEach(customizer -> customizer.customize(config));
        return config;
    }

    /** The member's configuration from the properties alone. */
    static Config memberConfig(SluiceProperties properties) {
        ClusterSettings settings = settings(properties.cluster());
        Config config = SluiceMembers.config(settings);
        WriteQuorum.apply(config, settings.members());
        if (properties.cluster().processOrder() >= 0) {
            config.getMemberAttributeConfig()
                    .setAttribute(
                            ProcessIds.ORDER_ATTRIBUTE,
                            Integer.toString(properties.cluster().processOrder()));
        }
        // Jet's job metrics are collected at their default pace (every 5 s): the job views read Sluice's
        // own counters, and a collection visits every worker of every job (SluiceMembers turns off its
        // Management Center blob and its JMX MBeans).
        // Hazelcast's own shutdown hook would terminate the member at once on SIGTERM (its default
        // policy), racing Spring's graceful shutdown: runs in flight would fail and partitions would
        // not migrate. Spring shuts the member down instead, gracefully, once the web server has
        // drained (MemberDrain), as the destroy method of the HazelcastInstance bean.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        idleBackOff(config);
        return config;
    }

    /**
     * How long, at most, Jet's shared threads sleep when none of their workers had anything to do, in
     * microseconds ({@value #IDLE_PARK_MAX_MICROS}, Jet's default 500). Each idle round visits every
     * worker of every job on the member, so hundreds of idle jobs kept a core busy at 2,000 rounds a
     * second. The sleep grows from Jet's 25 µs by doubling while nothing happens and ends at the first
     * progress, so a wait of {@code w} costs at most about {@code w} more, and a run's own items never
     * wait; an idle job takes up to this long to see a new body. A {@code
     * hazelcast.jet.idle.cooperative.max.microseconds} system property or a {@link MemberConfigCustomizer}
     * overrides it.
     */
    static final int IDLE_PARK_MAX_MICROS = 20_000;

    private static void idleBackOff(Config config) {
        String property = ClusterProperty.JET_IDLE_COOPERATIVE_MAX_MICROSECONDS.getName();
        if (config.getProperty(property) == null && System.getProperty(property) == null) {
            config.setProperty(property, Integer.toString(IDLE_PARK_MAX_MICROS));
        }
    }

    static ClusterSettings settings(SluiceProperties.Cluster cluster) {
        List<String> members = cluster.members().stream()
                .map(String::trim)
                .filter(m -> !m.isEmpty())
                .toList();
        return new ClusterSettings(
                cluster.name(),
                cluster.port(),
                members,
                cluster.processId() >= 0 ? OptionalInt.of(cluster.processId()) : OptionalInt.empty(),
                cluster.bindAddress(),
                cluster.publicAddress().isBlank() ? null : cluster.publicAddress(),
                cluster.backupCount(),
                cluster.failureDetectionSeconds());
    }
}
