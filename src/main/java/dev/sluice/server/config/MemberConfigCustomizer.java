package dev.sluice.server.config;

import com.hazelcast.config.Config;

/**
 * Changes the embedded member's {@link Config} before the member starts: every bean of this type is
 * applied, in {@code @Order}, to the configuration Sluice builds from {@code sluice.cluster.*} (not to
 * an application's own {@code Config} or {@code HazelcastInstance} bean, which Sluice leaves as it is).
 * Spring Boot's {@code HazelcastConfigCustomizer} applies only to a configuration file, hence this one.
 */
@FunctionalInterface
public interface MemberConfigCustomizer {

    void customize(Config config);
}
