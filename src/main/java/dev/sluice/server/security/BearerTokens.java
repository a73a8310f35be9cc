package dev.sluice.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads {@code Authorization: Bearer <token>} (RFC 6750) into a token to check ({@link
 * ApiTokens.Presented}); any other scheme, or none, is left to the other authentication (HTTP Basic) or
 * to the anonymous user.
 */
final class BearerTokens implements AuthenticationConverter {

    private static final String SCHEME = "Bearer";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        if (header.length() > SCHEME.length() && header.charAt(SCHEME.length()) != ' ') {
            return null; // another scheme that starts alike
        }
        String token = header.substring(SCHEME.length()).strip();
        if (token.isEmpty()) {
            throw new BadCredentialsException("the Authorization header says Bearer but holds no token");
        }
        return new ApiTokens.Presented(token);
    }
}
