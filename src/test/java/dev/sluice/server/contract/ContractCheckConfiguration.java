package dev.sluice.server.contract;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Registers {@link ContractFilter} in every service the tests start, in this JVM or a child member's (a
 * test-only auto-configuration: {@code src/test/resources/META-INF/spring/…AutoConfiguration.imports}),
 * when {@value ContractViolations#ENABLED_PROPERTY} is {@code true}: the tests set it, benchmarks that
 * start members from the test class path do not.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ContractCheckConfiguration {

    @Bean
    FilterRegistrationBean<ContractFilter> sluiceContractFilter() {
        FilterRegistrationBean<ContractFilter> registration = new FilterRegistrationBean<>(new ContractFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(ContractViolations.enabled());
        return registration;
    }
}
