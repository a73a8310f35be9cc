package dev.sluice.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which request needs which role, when authentication is on: the one table of the service, read from
 * the top, the first rule that matches wins. Each operation of the API has its own rule (method and
 * path template, as the OpenAPI document has it); {@code SecurityRulesTest} walks every operation of
 * the served document and fails for one without, so an endpoint added later needs a line here.
 *
 * <p>Below the operations' rules, the fallbacks: a request under the API's paths that no rule names
 * (an unknown path, a method not served) needs {@code read} for {@code GET} and {@code operate} for
 * anything else, so it is answered {@code 401} before the service says {@code 404} or {@code 405};
 * outside them, a {@code GET} is open (the dashboard's static files, Swagger UI's, paths nothing serves)
 * and anything else needs {@code operate}. A {@code HEAD} is a {@code GET}.
 */
final class AccessRules {

    private AccessRules() {}

    /**
     * One line of the table: {@code method} (null for any) on {@code path} (a Spring path pattern) needs
     * {@code access}; {@code operation} for an operation's own rule, false for a fallback.
     */
    record Rule(
            HttpMethod method,
            String path,
            Access access,
            boolean operation,
            PathPattern pattern,
            List<RequestMatcher> matchers) {

        static Rule of(HttpMethod method, String path, Access access, boolean operation) {
            PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
            List<RequestMatcher> matchers = new ArrayList<>();
            if (method == null) {
                matchers.add(builder.matcher(path));
            } else {
                matchers.add(builder.matcher(method, path));
                if (method == HttpMethod.GET) {
                    matchers.add(builder.matcher(HttpMethod.HEAD, path));
                }
            }
            return new Rule(
                    method,
                    path,
                    access,
                    operation,
                    PathPatternParser.defaultInstance.parse(path),
                    List.copyOf(matchers));
        }

        /** Whether the rule covers {@code method} on {@code path} (a path template matches itself). */
        boolean matches(String method, String path) {
            boolean methodMatches = this.method == null
                    || this.method.matches(method)
                    || this.method == HttpMethod.GET && HttpMethod.HEAD.matches(method);
            return methodMatches && pattern.matches(PathContainer.parsePath(path));
        }

        /** Whether the rule covers {@code request}, as Spring Security matches it. */
        boolean matches(HttpServletRequest request) {
            return matchers.stream().anyMatch(matcher -> matcher.matches(request));
        }

        @Override
        public String toString() {
            return (method == null ? "any method" : method.name()) + " " + path + " → " + access;
        }
    }

    /** Where the API lives: beneath these, a request no operation's rule names still needs a role. */
    private static final List<String> API_PATHS = List.of("/flows/**", "/jobs/**", "/cluster/**", "/actuator/**");

    static final List<Rule> RULES = Stream.of(
                    // open: health (and its liveness and readiness groups), the API's description, Swagger UI
                    open(HttpMethod.GET, "/actuator/health", "/actuator/health/**"),
                    open(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml"),
                    open(HttpMethod.GET, "/swagger-ui.html", "/swagger-ui/**"),
                    // flows and runs
                    operations(HttpMethod.GET, Access.READ, "/flows", "/flows/{name}", "/flows/{name}/graph"),
                    operations(
                            HttpMethod.POST,
                            Access.OPERATE,
                            "/flows/{name}/run",
                            "/flows/{name}/run/items",
                            "/flows/{name}/jobs"),
                    // jobs
                    operations(
                            HttpMethod.GET,
                            Access.READ,
                            "/jobs",
                            "/jobs/{id}",
                            "/jobs/{id}/progress",
                            "/jobs/{id}/output"),
                    operations(
                            HttpMethod.POST,
                            Access.OPERATE,
                            "/jobs/{id}/input",
                            "/jobs/{id}/input/close",
                            "/jobs/{id}/suspend",
                            "/jobs/{id}/resume",
                            "/jobs/{id}/restart"),
                    operations(HttpMethod.DELETE, Access.OPERATE, "/jobs/{id}"),
                    // the cluster, the metrics (any other actuator endpoint falls back to read below)
                    operations(HttpMethod.GET, Access.READ, "/cluster"),
                    operations(
                            HttpMethod.GET,
                            Access.READ,
                            "/actuator/prometheus",
                            "/actuator/metrics",
                            "/actuator/metrics/{name}"),
                    // the fallbacks
                    fallbacks(HttpMethod.GET, Access.READ, API_PATHS),
                    fallbacks(null, Access.OPERATE, API_PATHS),
                    fallbacks(HttpMethod.GET, Access.OPEN, List.of("/**")),
                    fallbacks(null, Access.OPERATE, List.of("/**")))
            .flatMap(List::stream)
            .toList();

    /** The rule of an operation (not a fallback) for {@code method} on {@code path}, if there is one. */
    static Optional<Rule> operationRule(String method, String path) {
        return RULES.stream()
                .filter(rule -> rule.matches(method, path))
                .findFirst()
                .filter(Rule::operation);
    }

    /** The rule that decides {@code request}: the first that matches (the last rule matches anything). */
    static Rule ruleFor(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matches(request)).findFirst().orElseThrow();
    }

    private static List<Rule> open(HttpMethod method, String... paths) {
        return operations(method, Access.OPEN, paths);
    }

    private static List<Rule> operations(HttpMethod method, Access access, String... paths) {
        return Stream.of(paths).map(path -> Rule.of(method, path, access, true)).toList();
    }

    private static List<Rule> fallbacks(HttpMethod method, Access access, List<String> paths) {
        return paths.stream().map(path -> Rule.of(method, path, access, false)).toList();
    }
}
