package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code openapi/openapi.yaml} is the served document ({@code /v3/api-docs.yaml}), so the API's
 * contract is reviewed in every change that alters it. To regenerate the file after a deliberate
 * change: {@code mvn -B test -Dtest=OpenApiDocumentTest -Dsluice.openapi.write=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTest {

    private static final Path FILE = Path.of("openapi/openapi.yaml");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void theCommittedDocumentIsTheServedOne() throws IOException {
        HttpResponse<String> served = ServiceTestSupport.get("http://127.0.0.1:" + port + "/v3/api-docs.yaml");
        assertThat(served.statusCode()).isEqualTo(200);

        if (Boolean.getBoolean("sluice.openapi.write")) {
            Files.writeString(FILE, served.body(), StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("openapi/openapi.yaml differs from /v3/api-docs.yaml; regenerate it with "
                        + "mvn -B test -Dtest=OpenApiDocumentTest -Dsluice.openapi.write=true")
                .isEqualTo(served.body());
    }

    @Test
    void theDocumentListsEveryOperation() throws IOException {
        String document = Files.readString(FILE, StandardCharsets.UTF_8);

        assertThat(document).contains("/flows:", "/flows/{name}:", "/flows/{name}/run:", "/cluster:");
    }
}
