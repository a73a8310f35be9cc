package dev.sluice.server.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document's header. Servers are relative ({@code /}), so the document is the same on
 * every member and port, and {@code openapi/openapi.yaml} can equal it.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI sluiceOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Sluice")
                        .version("0.1")
                        .description("""
                                Dataflows (the bytewax 0.8 model) over HTTP, run on a Hazelcast Jet cluster.

                                On the wire an `(epoch, item)` pair is the JSON array `[epoch, item]` (the epoch a \
                                non-negative integer) and a key/value item is `[key, value]`. Errors are \
                                `application/problem+json` (RFC 9457). Any member answers for the whole cluster.""")
                        .license(new License().name("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("this member")));
    }
}
