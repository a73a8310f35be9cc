package dev.sluice.server.cluster;

import dev.sluice.server.web.BodyPrefetchFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * While this member drains ({@link MemberDrain}), every new request but the actuator's is answered
 * {@code 503} with a problem ({@link MemberDrainingException}), so that a client learns to go to another
 * member instead of finding the connection refused. Health stays readable: Spring Boot reports the
 * member as refusing traffic from the moment it starts shutting down.
 */
@Configuration(proxyBeanMethods = false)
class DrainingRequests implements WebMvcConfigurer, HandlerInterceptor {

    private static final String STARTED = DrainingRequests.class.getName() + ".started";

    private final MemberDrain drain;

    DrainingRequests(MemberDrain drain) {
        this.drain = drain;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).excludePathPatterns("/actuator/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        // only new requests: the async dispatch that completes a run's streamed answer is part of a request in
        // flight, while the one that carries a body read without a thread (BodyPrefetchFilter) is its start
        boolean starting = request.getDispatcherType() == DispatcherType.REQUEST
                || BodyPrefetchFilter.isPrefetched(request) && request.getAttribute(STARTED) == null;
        if (starting) {
            request.setAttribute(STARTED, Boolean.TRUE);
        }
        if (drain.isDraining() && starting) {
            throw MemberDrainingException.refused();
        }
        return true;
    }
}
