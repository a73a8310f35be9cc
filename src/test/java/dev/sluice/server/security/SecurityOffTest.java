package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServiceTestSupport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Off (the default), Spring Security changes nothing: no credentials asked, no login page, no CSRF
 * token for a POST, none of its headers, no session, and credentials sent anyway are ignored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityOffTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void everyoneMayDoEverythingAsBefore() throws Exception {
        HttpResponse<String> flows = ServiceTestSupport.get(ServiceTestSupport.url(port, "/flows"));
        assertThat(flows.statusCode()).isEqualTo(200);
        assertThat(flows.headers().map().keySet())
                .as("none of Spring Security's headers")
                .doesNotContain("x-content-type-options", "x-frame-options", "cache-control", "www-authenticate")
                .doesNotContain("X-Content-Type-Options", "X-Frame-Options", "Cache-Control", "Set-Cookie");

        HttpResponse<String> run = ServiceTestSupport.postJson(
                ServiceTestSupport.url(port, "/flows/wordcount/run"), "[[0, \"to be or not to be\"]]");
        assertThat(run.statusCode())
                .as("a POST needs no CSRF token: %s", run.body())
                .isEqualTo(200);
        assertThat(run.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> withToken = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(ServiceTestSupport.url(port, "/cluster")))
                                .header("Authorization", "Bearer not-a-token")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(withToken.statusCode()).as("credentials are ignored").isEqualTo(200);
        assertThat(ServiceTestSupport.get(ServiceTestSupport.url(port, "/login"))
                        .statusCode())
                .as("no login page")
                .isEqualTo(404);
    }
}
