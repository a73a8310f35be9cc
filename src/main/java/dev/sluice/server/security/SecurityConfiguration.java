package dev.sluice.server.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Security for the service, in one filter chain for every path ({@code sluice.security.*},
 * {@link SecuritySettings}).
 *
 * <p>Off (the default), the chain has no filter at all and the firewall lets every request through as
 * the web server gave it: the service answers exactly as it does without Spring Security (no login page,
 * no CSRF token, no extra headers, no sessions). On, it is stateless (no session, no cookie, so no CSRF
 * to guard against: every request carries its credentials): a bearer token ({@link ApiTokens}) or an
 * HTTP Basic user authenticates a request, and {@link AccessRules} decides what it may do, with the
 * {@code 401} and {@code 403} of {@link ProblemResponses}. Spring Security's firewall then refuses
 * requests with ambiguous paths ({@code ;}, encoded {@code /} or {@code .}), with a {@code 400} problem.
 *
 * <p>An application that depends on Sluice and declares its own {@link SecurityFilterChain} keeps it:
 * this one then backs off, and the application's decides for Sluice's paths too.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnMissingBean(SecurityFilterChain.class)
class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain sluiceSecurityFilterChain(
            HttpSecurity http, SecuritySettings settings, InMemoryUserDetailsManager sluiceUsers) throws Exception {
        if (!settings.enabled()) {
            return open(http);
        }
        ProblemResponses problems = new ProblemResponses(!settings.users().isEmpty());
        AuthenticationManager authentication = authenticationManager(settings, sluiceUsers);
        AuthenticationFilter bearer = new AuthenticationFilter(authentication, new BearerTokens());
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(problems));
        // on success the request goes on down the chain (the default would redirect, as after a form login)
        bearer.setSuccessHandler((request, response, result) -> {});
        http.securityMatcher("/**")
                .csrf(AbstractHttpConfigurer::disable)
                // cross-origin requests as Spring MVC answers them without Spring Security (none configured)
                .cors(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .authenticationManager(authentication)
                .addFilterBefore(bearer, BasicAuthenticationFilter.class)
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> {
                    // an error page, a forward or the async dispatch of a request already allowed
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD, DispatcherType.ASYNC)
                            .permitAll();
                    for (AccessRules.Rule rule : AccessRules.RULES) {
                        var matched = requests.requestMatchers(rule.matchers().toArray(RequestMatcher[]::new));
                        if (rule.access() == Access.OPEN) {
                            matched.permitAll();
                        } else {
                            matched.hasRole(rule.access().role().name());
                        }
                    }
                });
        if (!settings.users().isEmpty()) {
            http.httpBasic(basic -> basic.authenticationEntryPoint(problems).realmName(ProblemResponses.REALM));
        }
        LOG.info(
                "authentication on: {} bearer token(s) {}, {} user(s) {}",
                settings.tokens().size(),
                settings.tokens().stream().map(SecuritySettings.Token::name).toList(),
                settings.users().size(),
                settings.users().stream().map(SecuritySettings.User::name).toList());
        return http.build();
    }

    /** Off: a chain of no filters (the {@link HttpSecurity} bean comes with a few defaults: all off). */
    private static SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.securityMatcher("/**")
                .csrf(AbstractHttpConfigurer::disable)
                .cors(AbstractHttpConfigurer::disable)
                .headers(AbstractHttpConfigurer::disable)
                .sessionManagement(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .securityContext(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .servletApi(AbstractHttpConfigurer::disable)
                .exceptionHandling(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .build();
    }

    /** Off, requests reach the service as the web server gave them, also those Spring's firewall refuses. */
    @Bean
    WebSecurityCustomizer sluiceFirewall(SecuritySettings settings) {
        return web -> {
            if (!settings.enabled()) {
                web.httpFirewall(new PassThroughFirewall());
            }
        };
    }

    /**
     * No observations of Spring Security's filters and decisions (each would be a timer per request, on
     * or off): the service's own meters and {@code http.server.requests} say what a request did.
     */
    @Bean
    static SecurityObservationSettings sluiceSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** {@code operate} implies {@code read}. */
    @Bean
    static RoleHierarchy sluiceRoleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.OPERATE.name())
                .implies(Role.READ.name())
                .build();
    }

    /**
     * The users of HTTP Basic (empty without any); also what keeps Spring Boot from making up a user
     * with a generated password, which it does while an application has no {@code UserDetailsService}.
     */
    @Bean
    InMemoryUserDetailsManager sluiceUsers(SecuritySettings settings) {
        List<UserDetails> users = new ArrayList<>();
        for (SecuritySettings.User user : settings.users()) {
            users.add(User.withUsername(user.name())
                    .password(user.password())
                    .authorities(ApiTokens.authorities(user.roles()))
                    .build());
        }
        return new InMemoryUserDetailsManager(users);
    }

    private static AuthenticationManager authenticationManager(
            SecuritySettings settings, InMemoryUserDetailsManager sluiceUsers) {
        List<AuthenticationProvider> providers = new ArrayList<>();
        providers.add(new ApiTokens(settings.tokens()));
        if (!settings.users().isEmpty()) {
            DaoAuthenticationProvider users = new DaoAuthenticationProvider(sluiceUsers);
            users.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
            providers.add(users);
        }
        return new ProviderManager(providers);
    }

    /** Spring Security's firewall, doing nothing: for when authentication is off. */
    private static final class PassThroughFirewall implements HttpFirewall {

        @Override
        public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
            return new FirewalledRequest(request) {
                @Override
                public void reset() {}
            };
        }

        @Override
        public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
            return response;
        }
    }
}
