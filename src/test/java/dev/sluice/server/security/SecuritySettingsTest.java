package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The configuration of credentials refuses what cannot work, naming the property; tokens are checked by hash. */
class SecuritySettingsTest {

    private static final String TOKEN = "s3cr3t-token-value";

    @Test
    void onWithoutCredentialsIsRefused() {
        assertThatThrownBy(() -> new SecuritySettings(true, List.of(), List.of()))
                .hasMessageContaining("sluice.security.enabled (SLUICE_SECURITY_ENABLED) is true but no credentials");
        assertThat(new SecuritySettings(false, List.of(), List.of()).enabled()).isFalse();
    }

    @Test
    void aTokenHasEitherItsHashOrItsValue() {
        assertThatThrownBy(() -> new SecuritySettings.Token("ci", null, null, List.of(Role.READ)))
                .hasMessageContaining("sluice.security.tokens[ci]: give either sha256")
                .hasMessageContaining("not neither");
        assertThatThrownBy(() -> new SecuritySettings.Token("ci", hex(TOKEN), TOKEN, List.of(Role.READ)))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new SecuritySettings.Token("ci", "abc", null, List.of(Role.READ)))
                .hasMessageContaining("sluice.security.tokens[ci].sha256 must be 64 hex digits");
        assertThatThrownBy(() -> new SecuritySettings.Token("ci", null, TOKEN, null))
                .hasMessageContaining("sluice.security.tokens[ci].roles is missing");
        assertThatThrownBy(() -> new SecuritySettings.Token(" ", null, TOKEN, List.of()))
                .hasMessageContaining("every entry needs a name");
    }

    @Test
    void aUsersPasswordNamesItsEncoding() {
        assertThatThrownBy(() -> new SecuritySettings.User("alice", "plain", List.of(Role.READ)))
                .hasMessageContaining("sluice.security.users[alice].password must name its encoding");
        assertThat(new SecuritySettings.User("alice", "{noop}plain", List.of(Role.READ)).name())
                .isEqualTo("alice");
    }

    @Test
    void namesAreUnique() {
        assertThatThrownBy(() -> new SecuritySettings(
                        true,
                        List.of(new SecuritySettings.Token("ci", null, TOKEN, List.of(Role.READ))),
                        List.of(new SecuritySettings.User("ci", "{noop}x", List.of(Role.READ)))))
                .hasMessageContaining("the name 'ci' is given to two credentials");
    }

    @Test
    void aTokenGivenByItsHashOrItselfAuthenticatesWithItsRoles() {
        ApiTokens tokens = new ApiTokens(List.of(
                new SecuritySettings.Token("hashed", hex(TOKEN), null, List.of(Role.OPERATE)),
                new SecuritySettings.Token("plain", null, "other-token", List.of(Role.READ))));
        Authentication hashed = tokens.authenticate(new ApiTokens.Presented(TOKEN));
        assertThat(hashed.isAuthenticated()).isTrue();
        assertThat(hashed.getName()).isEqualTo("hashed");
        assertThat(hashed.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactly("ROLE_OPERATE");
        assertThat(tokens.authenticate(new ApiTokens.Presented("other-token")).getName())
                .isEqualTo("plain");
        assertThatThrownBy(() -> tokens.authenticate(new ApiTokens.Presented(TOKEN + "x")))
                .isInstanceOf(BadCredentialsException.class)
                .hasMessage("the bearer token is not one this service knows");
    }

    private static String hex(String token) {
        return HexFormat.of().formatHex(SecuritySettings.sha256Of(token));
    }
}
