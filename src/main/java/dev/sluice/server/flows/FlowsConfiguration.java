package dev.sluice.server.flows;

import dev.sluice.server.config.MemberConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The flows' fingerprints, published in the embedded member's attributes ({@link FlowConsistency}). */
@Configuration(proxyBeanMethods = false)
class FlowsConfiguration {

    @Bean
    MemberConfigCustomizer flowFingerprintAttributes(FlowConsistency consistency) {
        return consistency::publish;
    }
}
