package dev.sluice.server.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the OpenAPI document says of authentication: the two schemes ({@value #BEARER}, {@value #BASIC})
 * as every operation's alternatives, so that Swagger UI's "Authorize" sends a token or a user with
 * each request, and each operation's role from {@link AccessRules} in {@value #ROLE}. The document is the
 * same with authentication on or off (off, credentials are ignored).
 */
@Configuration(proxyBeanMethods = false)
class SecurityApiDocs {

    static final String BEARER = "bearerToken";
    static final String BASIC = "basicUser";

    /** The extension that names the role an operation needs when authentication is on. */
    static final String ROLE = "x-sluice-role";

    @Bean
    OpenApiCustomizer sluiceSecuritySchemes() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(
                            BEARER,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description("An API token of `sluice.security.tokens`: `Authorization: Bearer "
                                            + "<token>`. Needed when `sluice.security.enabled` is true"))
                    .addSecuritySchemes(
                            BASIC,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("basic")
                                    .description("A user of `sluice.security.users` (HTTP Basic). Needed when "
                                            + "`sluice.security.enabled` is true, as an alternative to a token"));
            openApi.setSecurity(
                    List.of(new SecurityRequirement().addList(BEARER), new SecurityRequirement().addList(BASIC)));
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap()
                            .forEach((method, operation) -> AccessRules.operationRule(method.name(), path)
                                    .map(rule -> rule.access().role())
                                    .ifPresent(role -> operation.addExtension(ROLE, role.wire()))));
        };
    }
}
