package dev.sluice.server.web;

import dev.sluice.server.config.SluiceProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers {@link BodyPrefetchFilter} last among the filters, for the first dispatch of a request only. */
@Configuration(proxyBeanMethods = false)
class BodyPrefetchConfiguration {

    @Bean
    FilterRegistrationBean<BodyPrefetchFilter> bodyPrefetchFilter(SluiceProperties properties) {
        BodyPrefetchFilter filter = new BodyPrefetchFilter(
                properties.run().maxRequestBytes().toBytes(), properties.run().bodyTimeout());
        FilterRegistrationBean<BodyPrefetchFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setAsyncSupported(true);
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
