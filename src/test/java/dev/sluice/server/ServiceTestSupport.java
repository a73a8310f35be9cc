package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cluster.LocalCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What tests of the service share: a unique single-member cluster on loopback, an HTTP client, and
 * reading answers (JSON, RFC 9457 problems) the same way whether they come over HTTP or from MockMvc.
 */
public final class ServiceTestSupport {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ServiceTestSupport() {}

    /** The URL of {@code path} on the service at {@code port} on loopback. */
    public static String url(int port, String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /**
     * Asserts that {@code response} is an RFC 9457 problem of {@code status} whose detail contains
     * {@code detailPart}, without a stack trace; returns its detail.
     */
    public static String assertProblem(HttpResponse<String> response, int status, String detailPart) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return assertProblem(
                status, response.headers().firstValue("Content-Type").orElse(null), response.body(), detailPart);
    }

    /** The same for an answer already taken apart (a MockMvc result): its status, content type and body. */
    public static String assertProblem(int status, String contentType, String body, String detailPart) {
        assertThat(contentType).as("the content type of %s", body).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(detailPart);
        assertThat(body).doesNotContain("at dev.sluice", "at java.", "Exception:\n");
        assertThat(namesInternals(problem.get("detail").asString()))
                .as("the detail names internals: %s", body)
                .isFalse();
        assertThat(problem.get("type")).as("the type of %s", body).isNotNull();
        return problem.get("detail").asString();
    }

    /**
     * Java's and the libraries' words, which a detail must not use: qualified class names, Jackson's
     * tokens and settings, its redacted source descriptions.
     */
    private static final Pattern INTERNALS = Pattern.compile(
            "\\b(java|javax|jakarta|dev\\.sluice|tools\\.jackson|com\\.fasterxml|com\\.hazelcast|org\\.springframework"
                    + "|org\\.apache)\\.[a-z]"
                    + "|JsonToken|[A-Z][a-z]+Feature\\b|Feature\\.[A-Z_]+|REDACTED|CoercionConfig|\\$[A-Z]");

    /** Whether a problem's detail speaks of the service's internals instead of the API. */
    public static boolean namesInternals(String detail) {
        return INTERNALS.matcher(detail).find();
    }

    /** The detail of a problem of {@code status}, to assert on. */
    public static String detail(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        return json(response).get("detail").asString();
    }

    /** A cluster of its own for one test context: unique name, free port, loopback, one member. */
    public static void isolatedCluster(DynamicPropertyRegistry registry) {
        registry.add("sluice.cluster.name", () -> "test-" + UUID.randomUUID());
        registry.add("sluice.cluster.port", ServiceTestSupport::freePort);
        registry.add("sluice.cluster.bind-address", () -> "127.0.0.1");
        registry.add("sluice.workers-per-process", () -> "2");
    }

    public static int freePort() {
        return LocalCluster.freeLoopbackPorts(1).get(0);
    }

    public static HttpResponse<String> send(String method, String url, String contentType, String body, String accept) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of a JSON body sent without a declared length (chunked). */
    public static HttpResponse<String> postChunked(String url, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(body)))
                .build();
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse<String> get(String url) {
        return send("GET", url, null, null, null);
    }

    public static HttpResponse<String> postJson(String url, String body) {
        return send("POST", url, "application/json", body, null);
    }
}
