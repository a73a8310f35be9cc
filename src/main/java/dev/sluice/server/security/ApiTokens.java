package dev.sluice.server.security;

import java.security.MessageDigest;
import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The configured bearer tokens, as an {@link AuthenticationProvider}: a presented token is hashed
 * (SHA-256) and compared with every configured hash in constant time ({@link MessageDigest#isEqual}),
 * all of them, so neither the time taken nor the answer tells how much of a token was right. Tokens
 * are long random strings, so one unsalted hash is all they need (a slow hash is for passwords).
 */
final class ApiTokens implements AuthenticationProvider {

    private record Known(String name, byte[] hash, List<GrantedAuthority> authorities) {}

    private final List<Known> tokens;

    ApiTokens(List<SecuritySettings.Token> tokens) {
        this.tokens = tokens.stream()
                .map(token -> new Known(token.name(), token.hash(), authorities(token.roles())))
                .toList();
    }

    static List<GrantedAuthority> authorities(List<Role> roles) {
        return roles.stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(role.authority()))
                .toList();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        byte[] presented = SecuritySettings.sha256Of(((Presented) authentication).token);
        Known found = null;
        for (Known known : tokens) {
            if (MessageDigest.isEqual(known.hash(), presented) && found == null) {
                found = known;
            }
        }
        if (found == null) {
            throw new BadCredentialsException("the bearer token is not one this service knows");
        }
        return new Authenticated(found.name(), found.authorities());
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return Presented.class.isAssignableFrom(authentication);
    }

    /** A bearer token as the request presented it, not yet checked. */
    static final class Presented extends AbstractAuthenticationToken {

        private final String token;

        Presented(String token) {
            super(List.of());
            this.token = token;
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return null;
        }
    }

    /** A known token's holder, by its configured name. */
    static final class Authenticated extends AbstractAuthenticationToken {

        private final String name;

        Authenticated(String name, Collection<? extends GrantedAuthority> authorities) {
            super(authorities);
            this.name = name;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return name;
        }
    }
}
