package dev.sluice.server;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Sluice in any Spring Boot application: the whole service (flows, runs, jobs, cluster, problem+json,
 * the OpenAPI document and Swagger UI) for the application's own {@code Dataflow} beans, on an embedded
 * Hazelcast member configured from {@code sluice.*}. Registered in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, so depending on
 * {@code dev.sluice:sluice} is all it takes.
 *
 * <p>It scans the service's packages ({@code dev.sluice.server..}) rather than importing a list of
 * classes: each feature package keeps its controllers, services and configuration package-private, and
 * a new one is picked up where it is written. Beans an application may bring its own of are declared
 * with {@code @ConditionalOnMissingBean} in those packages' configuration classes, which this scan
 * reaches only after the application's own configuration: the Hazelcast {@code Config} (and so the
 * instance: an application's {@code HazelcastInstance} wins too), the {@code FlowExecutor}, the
 * {@code PairReader}; the JSON mapper is Spring Boot's, which backs off for the application's.
 *
 * <p>The example flows are not part of it: {@code dev.sluice.examples.ExamplesAutoConfiguration} serves
 * them where {@code sluice.examples.enabled=true} (the stock service, {@link SluiceApplication}).
 */
// before Spring Boot's Hazelcast auto-configuration, which starts the member from Sluice's Config bean, and
// before its security auto-configurations, whose default chain and generated user back off for Sluice's
@AutoConfiguration(
        before = {
            HazelcastAutoConfiguration.class,
            ServletWebSecurityAutoConfiguration.class,
            ManagementWebSecurityAutoConfiguration.class,
            UserDetailsServiceAutoConfiguration.class
        })
@ComponentScan(
        basePackages = "dev.sluice.server",
        excludeFilters = {
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
            @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
            // the stock service's application class, which an application of its own does not want
            @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SluiceApplication.class)
        })
@ConfigurationPropertiesScan("dev.sluice.server")
public class SluiceAutoConfiguration {}
