package dev.sluice.server.flows;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.server.config.MemberConfigCustomizer;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/** The flows' fingerprints, published in the embedded member's attributes ({@link FlowConsistency}). */
@Configuration(proxyBeanMethods = false)
class FlowsConfiguration {

    @Bean
    FlowConsistency flowConsistency(
            FlowRegistry flows,
            Map<String, InputBuilderFn<?>> inputBuilders,
            Map<String, OutputBuilderFn> outputBuilders,
            ResourceLoader resourceLoader,
            ObjectProvider<HazelcastInstance> hazelcast) {
        return new FlowConsistency(flows, inputBuilders, outputBuilders, resourceLoader.getClassLoader(), hazelcast);
    }

    @Bean
    MemberConfigCustomizer flowFingerprintAttributes(FlowConsistency consistency) {
        return consistency::publish;
    }
}
