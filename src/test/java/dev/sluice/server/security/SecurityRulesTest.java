package dev.sluice.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.dashboard.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With authentication on, every operation of the served OpenAPI document (so also one added later)
 * needs its rule in {@link AccessRules}, and is answered {@code 401} without credentials or with unknown
 * ones, {@code 403} with a role too low, and by the operation itself with the right role (a token or a
 * Basic user; {@code operate} also where {@code read} is needed). What stays open stays open: health,
 * the document, Swagger UI, the paths outside the API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityRulesTest {

    static final String READ_TOKEN = "read-6f1d0c2e9b8a47d5a3c1e0f9d8b7a6c5";
    static final String OPERATE_TOKEN = "operate-2b7e151628aed2a6abf7158809cf4f3c";
    static final String OPERATE_TOKEN_SHA256 = "6fc4eab6decbf44cec729a8e0f285779ccc12055e9c3377385875b5084f9a1cf";
    static final String NO_ROLE_TOKEN = "none-3243f6a8885a308d313198a2e0370734";

    private static final String BOB_PASSWORD = "bob-secret";

    /** A credential as an {@code Authorization} header. */
    private record Credential(String who, String header) {
        static Credential bearer(String who, String token) {
            return new Credential(who, "Bearer " + token);
        }

        static Credential basic(String who, String password) {
            return new Credential(
                    who,
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((who + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public String toString() {
            return who;
        }
    }

    private static final Credential READER = Credential.bearer("reader", READ_TOKEN);
    private static final Credential OPERATOR = Credential.bearer("operator", OPERATE_TOKEN);
    private static final Credential NOBODY = Credential.bearer("nobody", NO_ROLE_TOKEN);
    private static final Credential ALICE = Credential.basic("alice", "alice-secret");
    private static final Credential BOB = Credential.basic("bob", BOB_PASSWORD);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    private String finishedJob;

    /** The credentials, all in one property source (a list is bound from one source only). */
    @DynamicPropertySource
    static void credentials(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("enabled", "true");
        settings.put("tokens[0].name", "reader");
        settings.put("tokens[0].value", READ_TOKEN);
        settings.put("tokens[0].roles", "read");
        settings.put("tokens[1].name", "operator");
        // the hash of OPERATE_TOKEN, not the token: the configuration holds no secret
        settings.put("tokens[1].sha256", OPERATE_TOKEN_SHA256);
        settings.put("tokens[1].roles", "operate");
        settings.put("tokens[2].name", "nobody");
        settings.put("tokens[2].value", NO_ROLE_TOKEN);
        settings.put("tokens[2].roles", "");
        settings.put("users[0].name", "alice");
        settings.put("users[0].password", "{noop}alice-secret");
        settings.put("users[0].roles", "read");
        settings.put("users[1].name", "bob");
        // a user as configured in earnest: a bcrypt hash (cost 4 keeps the test quick)
        settings.put("users[1].password", "{bcrypt}" + new BCryptPasswordEncoder(4).encode(BOB_PASSWORD));
        settings.put("users[1].roles", "operate");
        settings.forEach((key, value) -> registry.add("sluice.security." + key, () -> value));
    }

    @Test
    void theOperatorTokensHashIsTheOneConfigured() {
        assertThat(HexFormat.of().formatHex(SecuritySettings.sha256Of(OPERATE_TOKEN)))
                .isEqualTo(OPERATE_TOKEN_SHA256);
    }

    @BeforeAll
    void aFinishedJob() {
        finishedJob = startJob();
        assertThat(send("POST", "/jobs/" + finishedJob + "/input", OPERATOR, "[[0, \"to be or not to be\"]]")
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("POST", "/jobs/" + finishedJob + "/input/close", OPERATOR, null)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(json(send("GET", "/jobs/" + finishedJob, READER, null))
                                .get("status")
                                .asString())
                        .isEqualTo("COMPLETED"));
    }

    @TestFactory
    Stream<DynamicTest> everyOperationNeedsItsRole() {
        HttpResponse<String> served = send("GET", "/v3/api-docs", null, null);
        assertThat(served.statusCode()).as("the OpenAPI document stays open").isEqualTo(200);
        JsonNode document = json(served);
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                if (!List.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                    continue;
                }
                tests.add(dynamicTest(
                        method + " " + path.getKey(),
                        () -> checkOperation(method, path.getKey(), operation.getValue())));
            }
        }
        assertThat(tests).as("operations in the document").hasSizeGreaterThan(10);
        return tests.stream();
    }

    private void checkOperation(String method, String template, JsonNode operation) {
        AccessRules.Rule rule = AccessRules.operationRule(method, template)
                .orElseThrow(() -> new AssertionError(method + " " + template + " has no rule in AccessRules: add "
                        + "one (read for what only reads, operate for what changes anything)"));
        Role role = rule.access().role();
        assertThat(role).as("an operation of the API is never open: %s", rule).isNotNull();
        assertThat(operation.path(SecurityApiDocs.ROLE).asString())
                .as("the document names the role of %s %s", method, template)
                .isEqualTo(role.wire());
        String body = requestBody(operation);
        // refused before the operation runs: any job will do
        String refusedPath = concrete(template, finishedJob);

        // no credentials, and credentials the service does not know
        HttpResponse<String> anonymous = send(method, refusedPath, null, body);
        assertUnauthenticated(anonymous, "needs credentials with the role '" + role.wire() + "'");
        assertThat(anonymous.headers().allValues("WWW-Authenticate"))
                .contains("Bearer realm=\"sluice\"", "Basic realm=\"sluice\", charset=\"UTF-8\"");
        HttpResponse<String> unknown = send(method, refusedPath, Credential.bearer("stranger", "not-a-token"), body);
        assertUnauthenticated(unknown, "the bearer token is not one this service knows");
        assertThat(unknown.headers().allValues("WWW-Authenticate"))
                .contains("Bearer realm=\"sluice\", error=\"invalid_token\"");
        assertUnauthenticated(
                send(method, refusedPath, Credential.basic("alice", "wrong"), body),
                "the user name or password is wrong");

        // a role too low
        List<Credential> tooLow = role == Role.READ ? List.of(NOBODY) : List.of(NOBODY, READER, ALICE);
        for (Credential credential : tooLow) {
            HttpResponse<String> refused = send(method, refusedPath, credential, body);
            ServiceTestSupport.assertProblem(refused, 403, "needs the role '" + role.wire() + "'");
            assertThat(type(refused)).isEqualTo("https://sluice.dev/problems/forbidden");
            assertThat(ServiceTestSupport.detail(refused, 403)).startsWith("'" + credential.who() + "' has the roles");
        }

        // the right role, and operate where read is needed: the operation itself answers
        List<Credential> allowed = role == Role.READ ? List.of(READER, ALICE, OPERATOR, BOB) : List.of(OPERATOR, BOB);
        for (Credential credential : allowed) {
            // a finished job to read, a running one of its own to act on
            String job = !template.contains("{id}") || method.equals("GET") ? finishedJob : startJob();
            HttpResponse<String> answered = send(method, concrete(template, job), credential, body);
            assertThat(answered.statusCode())
                    .as("%s %s as %s: %s", method, template, credential, answered.body())
                    .isNotIn(401, 403)
                    .isLessThan(500);
            assertThat(operation.path("responses").has(String.valueOf(answered.statusCode())))
                    .as(
                            "%s %s as %s answered %s, which the operation documents",
                            method, template, credential, answered.statusCode())
                    .isTrue();
            assertThat(answered.headers().firstValue("Set-Cookie"))
                    .as("stateless: no session")
                    .isEmpty();
        }
    }

    /** The template with a real flow and job. */
    private static String concrete(String template, String job) {
        return template.replace("{name}", "wordcount").replace("{id}", job);
    }

    /** The first example of the operation's JSON body, or null when it takes none. */
    private static String requestBody(JsonNode operation) {
        JsonNode json = operation.path("requestBody").path("content").path("application/json");
        if (json.isMissingNode()) {
            return null;
        }
        JsonNode examples = json.path("examples");
        if (examples.isObject() && !examples.isEmpty()) {
            return JSON.writeValueAsString(
                    examples.properties().iterator().next().getValue().get("value"));
        }
        return json.has("example") ? JSON.writeValueAsString(json.get("example")) : "{}";
    }

    @Test
    void healthTheDocumentAndSwaggerUiStayOpen() {
        for (String path : List.of(
                "/actuator/health",
                "/actuator/health/liveness",
                "/actuator/health/readiness",
                "/v3/api-docs",
                "/swagger-ui/index.html")) {
            HttpResponse<String> response = send("GET", path, null, null);
            assertThat(response.statusCode())
                    .as("%s: %s", path, response.body())
                    .isEqualTo(200);
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(send("GET", "/swagger-ui.html", null, null).statusCode()).isEqualTo(302);
        // outside the API a GET is open (the dashboard's static files): what is not there is a 404
        ServiceTestSupport.assertProblem(send("GET", "/no-such-page.html", null, null), 404, "no resource");
    }

    @Test
    void metricsNeedRead() {
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.threads.live")) {
            assertUnauthenticated(send("GET", path, null, null), "needs credentials with the role 'read'");
            ServiceTestSupport.assertProblem(send("GET", path, NOBODY, null), 403, "needs the role 'read'");
            assertThat(send("GET", path, READER, null).statusCode()).as(path).isEqualTo(200);
            assertThat(send("GET", path, OPERATOR, null).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void anUnknownPathOfTheApiAsksForCredentialsBeforeItIsNotFound() {
        assertUnauthenticated(send("GET", "/jobs/nope/nothing", null, null), "the role 'read'");
        ServiceTestSupport.assertProblem(send("GET", "/jobs/nope/nothing", READER, null), 404, "no resource");
        assertUnauthenticated(send("POST", "/flows/wordcount/nothing", null, "[]"), "the role 'operate'");
        ServiceTestSupport.assertProblem(
                send("POST", "/flows/wordcount/nothing", READER, "[]"), 403, "needs the role 'operate'");
        assertThat(send("POST", "/flows/wordcount/nothing", OPERATOR, "[]").statusCode())
                .isIn(404, 405);
        // outside the API too, only a GET is open
        assertUnauthenticated(send("POST", "/", null, "[]"), "the role 'operate'");
    }

    @Test
    void aReaderReadsAndAnOperatorRunsWithoutCsrfOrSession() {
        HttpResponse<String> run = send("POST", "/flows/wordcount/run", OPERATOR, "[[0, \"to be or not to be\"]]");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(run.body()).contains("[\"be\",2]");
        assertThat(run.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(send("GET", "/flows", READER, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/jobs/" + finishedJob + "/output", ALICE, null).body())
                .contains("[\"be\",2]");
        // the scheme's name is case-insensitive (RFC 9110 §11.1)
        assertThat(send("GET", "/cluster", new Credential("reader", "bearer " + READ_TOKEN), null)
                        .statusCode())
                .isEqualTo(200);
        assertUnauthenticated(send("GET", "/cluster", new Credential("empty", "Bearer "), null), "holds no token");
        assertUnauthenticated(
                send("GET", "/cluster", new Credential("digest", "Digest username=\"x\""), null),
                "a scheme this service does not take");
    }

    /**
     * The dashboard (in Chromium, {@link Browser}): refused until credentials are entered in the page,
     * then sent with every call, the output stream's too, for the browser session; a 401 opens the
     * sign-in panel, a 403 names the role needed. No Basic challenge reaches it (a browser would show its
     * own login dialog).
     */
    @Test
    void theDashboardSignsInWithATokenOrAUserAndSaysWhatWasRefused() {
        HttpResponse<String> fromPage = client.sendAsync(
                        HttpRequest.newBuilder(URI.create(ServiceTestSupport.url(port, "/jobs")))
                                .header("X-Requested-With", "XMLHttpRequest")
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .join();
        assertThat(fromPage.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"sluice\"");
        Browser browser = Browser.shared();
        browser.open(ServiceTestSupport.url(port, "/#/jobs/" + finishedJob));
        browser.waiting().until(() -> "unauthenticated".equals(browser.attribute(By.id("access"), "data-state")));
        assertThat(browser.text(By.id("access-message"))).contains("needs credentials with the role 'read'");

        browser.find(By.id("access-token")).sendKeys(READ_TOKEN);
        browser.find(By.id("access-sign-in")).click();
        browser.awaitView("job");
        browser.waiting()
                .until(() -> browser.findAll(By.cssSelector("#output tbody tr[data-offset]"))
                                .size()
                        == 4);
        assertThat(browser.text(By.id("access-toggle"))).isEqualTo("Signed in (a token)");

        browser.open(ServiceTestSupport.url(port, "/#/flows/wordcount")); // kept for the session
        browser.awaitView("flow");
        assertThat(browser.find(By.id("access")).isDisplayed()).isFalse();
        browser.find(By.id("run-button")).click();
        browser.waiting().until(() -> "forbidden".equals(browser.attribute(By.id("access"), "data-state")));
        assertThat(browser.text(By.id("access-message"))).contains("'reader' has the roles [read]", "role 'operate'");

        browser.find(By.cssSelector("#access-kind option[value='user']")).click();
        browser.find(By.id("access-user")).sendKeys("bob");
        browser.find(By.id("access-password")).sendKeys(BOB_PASSWORD);
        browser.find(By.id("access-sign-in")).click();
        browser.awaitView("flow");
        browser.find(By.id("run-button")).click();
        browser.waiting().until(() -> "done".equals(browser.attribute(By.id("run-result"), "data-state")));
        assertThat(browser.text(By.id("access-toggle"))).isEqualTo("Signed in (bob)");

        browser.find(By.id("access-toggle")).click();
        browser.find(By.id("access-sign-out")).click();
        browser.waiting().until(() -> "unauthenticated".equals(browser.attribute(By.id("access"), "data-state")));
    }

    private static void assertUnauthenticated(HttpResponse<String> response, String detailPart) {
        ServiceTestSupport.assertProblem(response, 401, detailPart);
        assertThat(type(response)).isEqualTo("https://sluice.dev/problems/unauthenticated");
        assertThat(response.headers().allValues("WWW-Authenticate")).isNotEmpty();
    }

    private String startJob() {
        HttpResponse<String> created = send(
                "POST",
                "/flows/wordcount/jobs",
                OPERATOR,
                "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private HttpResponse<String> send(String method, String path, Credential credential, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ServiceTestSupport.url(port, path)))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (credential != null) {
            request.header("Authorization", credential.header());
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    private static String type(HttpResponse<String> response) {
        return json(response).path("type").asString();
    }
}
