package dev.sluice.server.security;

import dev.sluice.server.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code 401} and {@code 403} answers, as RFC 9457 problems like every other error of the service
 * ({@link ProblemType#UNAUTHENTICATED}, {@link ProblemType#FORBIDDEN}), naming what the request lacks:
 * the role its rule needs ({@link AccessRules}) and how to send credentials. A {@code 401} carries the
 * {@code WWW-Authenticate} challenges of the schemes the service takes (RFC 9110 §11.6.1): {@code
 * Bearer} (RFC 6750, with {@code error="invalid_token"} for a token it does not know), and {@code Basic}
 * where users are configured, but for a request sent with {@code X-Requested-With: XMLHttpRequest} (as the
 * dashboard does): a browser shows its own login dialog on a Basic challenge.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "sluice";

    /** What a page's script sends ({@code X-Requested-With: XMLHttpRequest}) to be challenged for Bearer only. */
    static final String REQUESTED_WITH = "X-Requested-With";

    private final boolean basic;

    ProblemResponses(boolean basic) {
        this.basic = basic;
    }

    @Override
    public void commence(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException authException)
            throws IOException {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6);
        boolean presented = authorization != null && !authorization.isBlank();
        String detail;
        if (bearer) {
            detail = authException.getMessage() != null
                            && authException.getMessage().contains("token")
                    ? authException.getMessage()
                    : "the bearer token is not one this service knows";
        } else if (presented && basic && authorization.regionMatches(true, 0, "Basic", 0, 5)) {
            detail = "the user name or password is wrong";
        } else {
            detail = what(request) + " needs credentials with the role '" + role(request) + "': send Authorization: "
                    + "Bearer <token>" + (basic ? ", or Basic for a user" : "")
                    + (presented ? " (the Authorization header holds a scheme this service does not take)" : "");
        }
        response.addHeader(
                HttpHeaders.WWW_AUTHENTICATE,
                "Bearer realm=\"" + REALM + "\"" + (bearer ? ", error=\"invalid_token\"" : ""));
        // not to a page's script (the dashboard): a browser answers a Basic challenge with a login
        // dialog of its own, where the page would rather ask itself
        if (basic && !"XMLHttpRequest".equals(request.getHeader(REQUESTED_WITH))) {
            response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        }
        write(request, response, ProblemType.UNAUTHENTICATED, detail);
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException accessDeniedException)
            throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String who = authentication == null ? "the caller" : "'" + authentication.getName() + "'";
        List<String> roles = authentication == null
                ? List.of()
                : authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(authority -> authority != null && authority.startsWith("ROLE_"))
                        .map(authority -> authority.substring(5).toLowerCase(Locale.ROOT))
                        .toList();
        write(
                request,
                response,
                ProblemType.FORBIDDEN,
                who + " has the roles " + roles + "; " + what(request) + " needs the role '" + role(request) + "'");
    }

    private static String what(HttpServletRequest request) {
        return request.getMethod() + " " + request.getRequestURI();
    }

    private static String role(HttpServletRequest request) {
        Role role = AccessRules.ruleFor(request).access().role();
        return role == null ? "none" : role.wire();
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.uri().toString());
        problem.put("title", type.title());
        problem.put("status", type.status().value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(type.status().value());
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonMapper.shared().writeValueAsString(problem));
        response.getWriter().flush();
    }
}
