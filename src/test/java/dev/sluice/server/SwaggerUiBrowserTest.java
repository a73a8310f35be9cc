package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Swagger UI in a real browser: Debian's Chromium, headless, loads {@code /swagger-ui.html} from a
 * server on a random port, runs its JavaScript (which fetches {@code /v3/api-docs}), and dumps the
 * rendered DOM; the flow operations must be in it. Skipped when {@code /usr/bin/chromium} is missing,
 * except under CI ({@code CI=true}, where {@code .ci/run} installs it): there it fails instead. The
 * system property {@code sluice.test.chromium} names another browser binary.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SwaggerUiBrowserTest {

    private static final String CHROMIUM = System.getProperty("sluice.test.chromium", "/usr/bin/chromium");
    private static final long BROWSER_TIMEOUT_SECONDS = 120;
    private static final Path DIAGNOSTICS = Path.of("target", "swagger-ui");

    /** Operations that must be rendered whatever else the document holds: tag, operation ID, path, summary. */
    private static final List<List<String>> FLOW_OPERATIONS = List.of(
            List.of("runs", "runFlow", "/flows/{name}/run", "Run a flow over a finite input"),
            List.of("jobs", "startJob", "/flows/{name}/jobs", "Start a job"),
            List.of("flows", "listFlows", "/flows", "List the flows"),
            List.of("flows", "getFlow", "/flows/{name}", "Describe one flow"),
            List.of("jobs", "feedJobInput", "/jobs/{id}/input", "Feed a job's http input"),
            List.of("jobs", "readJobOutput", "/jobs/{id}/output", "Read a job's http output"));

    @LocalServerPort
    int port;

    @TempDir
    Path browserProfile;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    /** Per test rather than per class, so that surefire reports the skip. */
    @BeforeEach
    void needsChromium() {
        boolean installed = Files.isExecutable(Path.of(CHROMIUM));
        boolean ci = "true".equals(System.getenv("CI"));
        Assumptions.assumeTrue(
                installed || ci,
                CHROMIUM + " is missing (apt-get install chromium); this test only runs with it, or under CI=true");
        assertThat(installed)
                .as("under CI, " + CHROMIUM + " must be installed (.ci/run installs Debian's chromium)")
                .isTrue();
    }

    @Test
    void swaggerUiRendersEveryOperationOfTheDocument() throws Exception {
        // The served document: every operation in it must show up. Fetching it first also builds it.
        HttpResponse<String> docs = ServiceTestSupport.get(url("/v3/api-docs"));
        assertThat(docs.statusCode()).isEqualTo(200);
        List<List<String>> documented =
                operationsOf(JsonMapper.builder().build().readTree(docs.body()));
        assertThat(documented).as("the document's operations").containsAll(FLOW_OPERATIONS);

        String dom = dumpDom(url("/swagger-ui.html"));
        String where =
                " (the rendered DOM is in " + DIAGNOSTICS.resolve("dom.html").toAbsolutePath() + ")";

        assertThat(dom)
                .as("Swagger UI loaded the document" + where)
                .contains("swagger-ui", "Sluice")
                .doesNotContain("Failed to load API definition", "Unable to render this definition");
        for (List<String> operation : documented) {
            String tag = operation.get(0);
            String operationId = operation.get(1);
            String path = operation.get(2);
            String summary = operation.get(3);
            assertThat(dom)
                    .as(operationId + " is rendered" + where)
                    .contains("id=\"operations-" + tag + "-" + operationId + "\"")
                    .contains("data-path=\"" + path + "\"")
                    .contains(">" + summary + "<");
        }
        for (String tag : List.of("flows", "runs", "jobs", "cluster")) {
            assertThat(dom).as("the tag " + tag + where).contains("id=\"operations-tag-" + tag + "\"");
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every operation of an OpenAPI document as [first tag, operation ID, path, summary]. */
    private static List<List<String>> operationsOf(JsonNode document) {
        List<List<String>> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                JsonNode operation = method.getValue();
                operations.add(List.of(
                        operation.get("tags").get(0).asString(),
                        operation.get("operationId").asString(),
                        path.getKey(),
                        operation.get("summary").asString()));
            }
        }
        return operations;
    }

    /** Loads the page in headless Chromium, lets its scripts run, and returns the DOM they leave. */
    private String dumpDom(String pageUrl) throws IOException, InterruptedException {
        Files.createDirectories(DIAGNOSTICS);
        Path dom = DIAGNOSTICS.resolve("dom.html");
        Path log = DIAGNOSTICS.resolve("chromium.log");
        Process chromium = new ProcessBuilder(
                        CHROMIUM,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + browserProfile,
                        "--virtual-time-budget=15000",
                        "--dump-dom",
                        pageUrl)
                .redirectOutput(dom.toFile())
                .redirectError(log.toFile())
                .start();
        try {
            boolean exited = chromium.waitFor(BROWSER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(exited)
                    .as("Chromium dumped the DOM within " + BROWSER_TIMEOUT_SECONDS + " s; see " + log)
                    .isTrue();
            assertThat(chromium.exitValue())
                    .as("Chromium's exit status; see " + log)
                    .isZero();
        } finally {
            if (chromium.isAlive()) {
                chromium.descendants().forEach(ProcessHandle::destroyForcibly);
                chromium.destroyForcibly();
            }
        }
        return Files.readString(dom, StandardCharsets.UTF_8);
    }
}
