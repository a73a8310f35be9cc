package dev.sluice.server.runs;

import com.hazelcast.core.HazelcastInstance;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link FlowExecutor} of finite runs: Jet light jobs, unless the application brings its own. */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

    @Bean
    @ConditionalOnMissingBean(FlowExecutor.class)
    FlowExecutor flowExecutor(HazelcastInstance hazelcast) {
        return new JetFlowExecutor(hazelcast);
    }
}
