package com.example.basket;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application as it serves: Sluice's whole API for this project's flow, over real HTTP, on an
 * embedded Hazelcast member in a cluster of its own (a unique name and a free port, so tests running at
 * the same time, or a member on 5701, never join it).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BasketServiceTest {

    @DynamicPropertySource
    static void isolatedCluster(DynamicPropertyRegistry registry) throws IOException {
        registry.add("sluice.cluster.name", () -> "basket-test-" + UUID.randomUUID());
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            registry.add("sluice.cluster.port", () -> port);
        }
        registry.add("sluice.workers-per-process", () -> 2);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFlowRunsOverHttp() throws Exception {
        HttpResponse<String> run =
                send("POST", "/flows/basket-totals/run", "[[0, \"ann:2.5\"], [0, \"bob:1\"], [1, \"ann:4\"], [0, \"ann:1\"]]");

        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains("[0,[\"ann\",3.5]]", "[0,[\"bob\",1.0]]", "[1,[\"ann\",4.0]]");
    }

    @Test
    void onlyThisApplicationsFlowsAreServed() throws Exception {
        HttpResponse<String> flows = send("GET", "/flows", null);

        assertThat(flows.statusCode()).isEqualTo(200);
        assertThat(flows.body()).contains("\"basket-totals\"").doesNotContain("wordcount");
    }

    @Test
    void badInputIsAProblem() throws Exception {
        HttpResponse<String> notAString = send("POST", "/flows/basket-totals/run", "[[0, 12]]");
        HttpResponse<String> noPurchase = send("POST", "/flows/basket-totals/run?epochs=single", "[\"ann\"]");

        assertThat(notAString.statusCode()).isEqualTo(400);
        assertThat(notAString.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(notAString.body()).contains("https://sluice.dev/problems/invalid-input");
        assertThat(noPurchase.statusCode()).isEqualTo(422);
        assertThat(noPurchase.body()).contains("customer:amount");
    }

    @Test
    void swaggerUiAndTheOpenApiDocumentAreServed() throws Exception {
        assertThat(send("GET", "/swagger-ui/index.html", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v3/api-docs", null).body()).contains("/flows/{name}/run");
    }
}
