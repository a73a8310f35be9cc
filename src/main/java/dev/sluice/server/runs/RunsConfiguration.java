package dev.sluice.server.runs;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.server.config.SluiceProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The {@link FlowExecutor} of finite runs (Jet light jobs, unless the application brings its own), and
 * their admission ({@link RunAdmissionFilter}, just ahead of the body prefetch, the last filter).
 */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

    @Bean
    @ConditionalOnMissingBean(FlowExecutor.class)
    FlowExecutor flowExecutor(HazelcastInstance hazelcast) {
        return new JetFlowExecutor(hazelcast);
    }

    @Bean
    FilterRegistrationBean<RunAdmissionFilter> runAdmissionFilter(SluiceProperties properties) {
        SluiceProperties.Run run = properties.run();
        RunAdmissionFilter filter = new RunAdmissionFilter(
                new RunAdmission(run.runBudgetBytes()), run.maxRequestBytes().toBytes(), run.bodyTimeout());
        FilterRegistrationBean<RunAdmissionFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setAsyncSupported(true);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 1);
        return registration;
    }
}
