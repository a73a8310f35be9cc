package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The robustness suite's requests of odd shape (issue 13): methods the API does not serve, paths the
 * container keeps to itself or that name nothing, and {@code Accept} headers of every kind. Whatever
 * comes, an error is an RFC 9457 problem with a type and a detail in the API's words, never a 5xx
 * (but for the error path's own), never an empty body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OddRequestsTest {

    private static final List<String> METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "PROPFIND");

    private static final List<String> PATHS = List.of(
            "/",
            "/error",
            "/WEB-INF/web.xml",
            "/META-INF/MANIFEST.MF",
            "/nope",
            "/flows",
            "/flows/wordcount",
            "/flows/wordcount/run",
            "/flows/wordcount/run/more",
            "/flows/nope/jobs",
            "/jobs/nope/input/close",
            "/flows;jsessionid=1",
            "/flows/%2e%2e/jobs",
            "/" + "a".repeat(4000));

    private static final List<String> ACCEPTS = List.of(
            "garbage/",
            ";;",
            "application/problem+json",
            "application/json;q=0",
            "application/x-ndjson;q=0",
            "*/*;q=0",
            "text/html",
            "application/json, garbage",
            "application/json;q=oops",
            "image/png;q=0.5, text/plain");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void whatTheContainerAnswersItselfIsAProblemToo() throws Exception {
        HttpResponse<String> error = send("GET", "/error", null, null);
        assertThat(ServiceTestSupport.assertProblem(error, 404, "there is no resource at /error"))
                .isNotBlank();
        assertThat(type(error)).isEqualTo("https://sluice.dev/problems/not-found");

        HttpResponse<String> webInf = send("GET", "/WEB-INF/web.xml", null, null);
        ServiceTestSupport.assertProblem(webInf, 404, "there is no resource at /WEB-INF/web.xml");

        HttpResponse<String> trace = send("TRACE", "/flows", null, null);
        ServiceTestSupport.assertProblem(trace, 405, "not allowed on /flows");
        assertThat(type(trace)).isEqualTo("https://sluice.dev/problems/method-not-allowed");

        HttpResponse<String> unknown = send("GET", "/nope", null, null);
        ServiceTestSupport.assertProblem(unknown, 404, "there is no resource at /nope");
        assertThat(type(unknown)).isEqualTo("https://sluice.dev/problems/not-found");

        HttpResponse<String> notSupported = send("POST", "/flows/wordcount/run", "text/plain", null);
        ServiceTestSupport.assertProblem(notSupported, 415, "text/plain");
        assertThat(type(notSupported)).isEqualTo("https://sluice.dev/problems/unsupported-media-type");
    }

    @Test
    void acceptIsHonouredAndAnErrorIsAProblemWhateverItAccepts() throws Exception {
        // a problem+json label on an answer that is no problem, before
        assertThat(send("GET", "/flows", null, "application/problem+json").statusCode())
                .isEqualTo(406);
        // q=0 refuses a type: it was served anyway
        assertThat(send("GET", "/flows", null, "application/json;q=0").statusCode())
                .isEqualTo(406);
        assertThat(send("GET", "/flows", null, "application/json;q=0.5").statusCode())
                .isEqualTo(200);
        HttpResponse<String> ndjsonRefused = send(
                "POST",
                "/flows/wordcount/run?epochs=single",
                "application/json",
                "application/x-ndjson;q=0, application/json");
        assertThat(ndjsonRefused.headers().firstValue("Content-Type")).hasValue("application/json");

        // an error for a client that accepts nothing of the kind came with no body and no type
        HttpResponse<String> garbage = send("POST", "/flows/wordcount/run", "application/json", "garbage/");
        ServiceTestSupport.assertProblem(garbage, 406, "the Accept header 'garbage/' is not a list of media types");
        // refused before the handler runs (so before the flow is looked up), with a body all the same
        HttpResponse<String> unknownFlow = send("GET", "/flows/nope", null, "image/png");
        ServiceTestSupport.assertProblem(unknownFlow, 406, "application/json");
    }

    @TestFactory
    Stream<DynamicTest> oddMethodsPathsAndAcceptsGetProblems() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String path : PATHS) {
            tests.add(dynamicTest(abbreviated(path) + " by every method", () -> {
                for (String method : METHODS) {
                    check(method + " " + abbreviated(path), send(method, path, "application/json", null));
                }
            }));
        }
        for (String accept : ACCEPTS) {
            tests.add(dynamicTest("Accept: " + accept, () -> {
                for (String path :
                        List.of("/flows", "/flows/nope", "/flows/wordcount/run", "/jobs/nope/output", "/nope")) {
                    String method = path.endsWith("/run") ? "POST" : "GET";
                    check(method + " " + path + " Accept: " + accept, send(method, path, "application/json", accept));
                }
            }));
        }
        return tests.stream();
    }

    private static void check(String what, HttpResponse<String> response) {
        int status = response.statusCode();
        assertThat(status).as("%s: %s", what, response.body()).isLessThan(500);
        if (status < 400 || "HEAD".equals(response.request().method())) {
            return;
        }
        assertThat(response.headers().firstValue("Content-Type"))
                .as("%s: the content type", what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.path("type").asString())
                .as("%s: the type of %s", what, response.body())
                .isNotBlank();
        assertThat(problem.path("title").asString()).as(what).isNotBlank();
        String detail = problem.path("detail").asString();
        assertThat(detail).as("%s: the detail of %s", what, response.body()).isNotBlank();
        assertThat(ServiceTestSupport.namesInternals(detail))
                .as("%s: the detail names internals: %s", what, detail)
                .isFalse();
    }

    private HttpResponse<String> send(String method, String path, String contentType, String accept)
            throws IOException, InterruptedException {
        return send(method, path, contentType, accept, "[\"a b\"]");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String accept, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ServiceTestSupport.url(port, path)))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        method.equals("POST") || method.equals("PUT") || method.equals("PATCH")
                                ? HttpRequest.BodyPublishers.ofString(body)
                                : HttpRequest.BodyPublishers.noBody());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String type(HttpResponse<String> response) {
        return JSON.readTree(response.body()).path("type").asString();
    }

    private static String abbreviated(String path) {
        return path.length() <= 40 ? path : path.substring(0, 37) + "...";
    }
}
