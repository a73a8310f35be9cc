package dev.sluice.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may do what, under {@code sluice.security.*} (environment: {@code SLUICE_SECURITY_*}, lists by
 * index: {@code SLUICE_SECURITY_TOKENS_0_NAME}).
 *
 * @param enabled whether requests need credentials; off, the service answers everyone as before
 * @param tokens the API's bearer tokens ({@code Authorization: Bearer <token>})
 * @param users HTTP Basic users ({@code Authorization: Basic …})
 */
@ConfigurationProperties("sluice.security")
record SecuritySettings(
        @DefaultValue("false") boolean enabled,
        @DefaultValue List<Token> tokens,
        @DefaultValue List<User> users) {

    SecuritySettings {
        if (enabled && tokens.isEmpty() && users.isEmpty()) {
            throw new IllegalArgumentException("sluice.security.enabled (SLUICE_SECURITY_ENABLED) is true but no "
                    + "credentials are configured: add sluice.security.tokens (name, sha256, roles) or "
                    + "sluice.security.users (name, password, roles)");
        }
        Set<String> names = new HashSet<>();
        for (String name : Stream.concat(
                        tokens.stream().map(Token::name), users.stream().map(User::name))
                .toList()) {
            if (!names.add(name)) {
                throw new IllegalArgumentException("sluice.security: the name '" + name + "' is given to two "
                        + "credentials; each token and user needs a name of its own (it is how they are logged)");
            }
        }
    }

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * A bearer token: give its SHA-256 ({@code printf %s "$TOKEN" | sha256sum}), so that the
     * configuration holds no secret, or the token itself.
     *
     * @param name who holds it (logged, and named in a {@code 403})
     * @param sha256 the SHA-256 of the token's UTF-8 bytes, in hex
     * @param value the token itself, where {@code sha256} is not given
     * @param roles {@code read}, {@code operate} (which implies read); an empty list authenticates and
     *     allows nothing but what is open
     */
    record Token(String name, String sha256, String value, List<Role> roles) {

        Token {
            String where = "sluice.security.tokens[" + (name == null ? "?" : name) + "]";
            requireName(name, "sluice.security.tokens");
            if ((sha256 == null || sha256.isBlank()) == (value == null || value.isEmpty())) {
                throw new IllegalArgumentException(where + ": give either sha256 (the token's SHA-256 in hex) or value "
                        + "(the token), not " + (sha256 == null || sha256.isBlank() ? "neither" : "both"));
            }
            if (sha256 != null
                    && !sha256.isBlank()
                    && !SHA256_HEX.matcher(sha256).matches()) {
                throw new IllegalArgumentException(where + ".sha256 must be 64 hex digits (printf %s \"$TOKEN\" | "
                        + "sha256sum), got " + sha256.length() + " characters");
            }
            requireRoles(roles, where);
        }

        /** The SHA-256 of the token. */
        byte[] hash() {
            return sha256 != null && !sha256.isBlank() ? HexFormat.of().parseHex(sha256) : sha256Of(value);
        }
    }

    /**
     * An HTTP Basic user.
     *
     * @param name the user name
     * @param password the password in Spring Security's storage format, {@code {id}encoded}: {@code
     *     {bcrypt}$2a$10$…} (the usual), {@code {pbkdf2}…}, or {@code {noop}plain} for tests only
     * @param roles {@code read}, {@code operate} (which implies read)
     */
    record User(String name, String password, List<Role> roles) {

        User {
            String where = "sluice.security.users[" + (name == null ? "?" : name) + "]";
            requireName(name, "sluice.security.users");
            if (password == null || !password.startsWith("{") || password.indexOf('}') < 2) {
                throw new IllegalArgumentException(where + ".password must name its encoding, {id}encoded: "
                        + "{bcrypt}$2a$10$… (htpasswd -nbBC 10 '' \"$PASSWORD\" | cut -d: -f2), or {noop}… for a test");
            }
            requireRoles(roles, where);
        }
    }

    private static void requireName(String name, String list) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(list + ": every entry needs a name");
        }
    }

    private static void requireRoles(List<Role> roles, String where) {
        if (roles == null) {
            throw new IllegalArgumentException(where + ".roles is missing: give read, operate (which implies read), "
                    + "or an empty list for none");
        }
    }

    /** The SHA-256 of {@code token}'s UTF-8 bytes. */
    static byte[] sha256Of(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
