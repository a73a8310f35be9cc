package dev.sluice.server.runs;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.server.config.SluiceProperties;
import jakarta.servlet.DispatcherType;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The {@link FlowExecutor} of finite runs (small ones in the request's thread, the others as Jet light
 * jobs; unless the application brings its own), their admission ({@link RunAdmissionFilter}, just
 * ahead of the body prefetch, the last filter), and their answer in the OpenAPI document
 * ({@link RunAnswers}).
 */
@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

    @Bean
    @ConditionalOnMissingBean(FlowExecutor.class)
    FlowExecutor flowExecutor(HazelcastInstance hazelcast, SluiceProperties properties) {
        return new InProcessSmallRuns(
                new JetFlowExecutor(hazelcast), hazelcast, properties.run().inProcessMaxItems());
    }

    /** Ahead of the error responses, which sort every operation's responses ({@code OpenApiConfiguration}). */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    OperationCustomizer sluiceRunAnswers() {
        return RunAnswers.documenter();
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
