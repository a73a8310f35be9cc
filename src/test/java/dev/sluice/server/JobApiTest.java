package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.detail;
import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** Jobs over HTTP (SPEC §5): start, feed, follow the output, close, cancel, and every refusal. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sluice.run.max-request-bytes=64KB")
class JobApiTest {

    private static final String HTTP_JOB = "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}}";

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    com.hazelcast.core.HazelcastInstance hazelcast;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    private String start(String flow, String request) {
        HttpResponse<String> created = postJson(url("/flows/" + flow + "/jobs"), request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/jobs/" + id);
        return id;
    }

    private JsonNode job(String id) {
        HttpResponse<String> response = get(url("/jobs/" + id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** The first {@code count} lines of a live output stream. */
    private List<String> firstLines(String id, long from, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/jobs/" + id + "/output?from=" + from)))
                .timeout(Duration.ofSeconds(60))
                .build();
        HttpResponse<Stream<String>> response =
                HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        try (Stream<String> lines = response.body()) {
            List<String> taken = new ArrayList<>();
            Iterator<String> it = lines.iterator();
            while (taken.size() < count && it.hasNext()) {
                taken.add(it.next());
            }
            return taken;
        }
    }

    @Test
    void anHttpJobIsFedFollowedClosedAndCompletes() throws Exception {
        String id = start("wordcount", HTTP_JOB);
        assertThat(job(id).get("status").asString()).isIn("STARTING", "RUNNING", "NOT_RUNNING");

        HttpResponse<String> first = postJson(url("/jobs/" + id + "/input"), "[[1, \"b\"], [0, \"a b\"], [0, \"a\"]]");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(json(first).get("accepted").asInt()).isEqualTo(3);
        assertThat(json(first).get("highestEpoch").asLong()).isEqualTo(1);

        // epoch 0 completes once epoch 1 is in: its counts can be read while the job runs
        assertThat(firstLines(id, 0, 2)).containsExactlyInAnyOrder("[0,[\"a\",2]]", "[0,[\"b\",1]]");

        await().atMost(Duration.ofSeconds(20))
                .until(() -> job(id).get("lowestOpenEpoch").asLong(-1) == 1);
        // the list reads the same figures, for all its jobs at once
        JsonNode listed = null;
        for (JsonNode entry : json(get(url("/jobs")))) {
            if (entry.get("id").asString().equals(id)) {
                listed = entry;
            }
        }
        assertThat(listed).as("job %s in GET /jobs", id).isNotNull();
        assertThat(listed.get("lowestOpenEpoch").asLong(-1)).isEqualTo(1);
        assertThat(listed.get("countIn").asLong()).isEqualTo(3);
        assertThat(listed.get("status").asString()).isEqualTo("RUNNING");

        HttpResponse<String> backwards = postJson(url("/jobs/" + id + "/input"), "[[0, \"late\"], [2, \"c\"]]");
        assertThat(backwards.statusCode()).isEqualTo(409);
        assertThat(json(backwards).get("detail").asString()).contains("epoch 0 is below epoch 1");

        assertThat(postJson(url("/jobs/" + id + "/input"), "[[3, \"c\"], [2, \"c\"]]")
                        .statusCode())
                .isEqualTo(202);
        assertThat(send("POST", url("/jobs/" + id + "/input/close"), null, null, null)
                        .statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(id).get("status").asString().equals("COMPLETED"));
        JsonNode done = job(id);
        assertThat(done.get("countIn").asLong()).isEqualTo(5);
        assertThat(done.get("countOut").asLong()).isEqualTo(5);
        assertThat(done.get("inputClosed").asBoolean()).isTrue();
        assertThat(done.get("completedAt").asLong())
                .isGreaterThanOrEqualTo(done.get("submittedAt").asLong());
        assertThat(done.get("processingGuarantee").asString()).isEqualTo("exactly-once");
        assertThat(done.get("snapshotIntervalMillis").asLong()).isEqualTo(1000);

        HttpResponse<String> all = get(url("/jobs/" + id + "/output"));
        assertThat(all.body().lines().toList())
                .containsExactlyInAnyOrder(
                        "[0,[\"a\",2]]", "[0,[\"b\",1]]", "[1,[\"b\",1]]", "[2,[\"c\",1]]", "[3,[\"c\",1]]");
        List<String> lines = all.body().lines().toList();
        assertThat(get(url("/jobs/" + id + "/output?from=2")).body().lines().toList())
                .isEqualTo(lines.subList(2, 5));

        HttpResponse<String> events =
                send("GET", url("/jobs/" + id + "/output?from=4"), null, null, "text/event-stream");
        assertThat(events.body()).isEqualTo("id: 4\ndata: " + lines.get(4) + "\n\n");

        assertThat(postJson(url("/jobs/" + id + "/input"), "[[9, \"x\"]]").statusCode())
                .isEqualTo(409);
        assertThat(get(url("/jobs")).body()).contains(id);
    }

    @Test
    void aBuilderJobRunsUntilCancelled() throws Exception {
        String id = start(
                "anomaly-detector",
                "{\"input\": {\"type\": \"builder\", \"name\": \"steady-readings\"}, "
                        + "\"output\": {\"type\": \"http\"}, \"workersPerProcess\": 2}");

        List<String> lines = firstLines(id, 0, 3);
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).matches("\\[\\d+,\\[\"\\w+\",\\[.*\\]\\]\\]"));
        assertThat(job(id).get("workers").asInt()).isEqualTo(2);
        // a builder that cannot replay takes no snapshots
        assertThat(job(id).get("processingGuarantee").asString()).isEqualTo("none");
        assertThat(job(id).get("snapshotIntervalMillis").asLong()).isZero();

        HttpResponse<String> cancelled = send("DELETE", url("/jobs/" + id), null, null, null);
        assertThat(cancelled.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(id).get("status").asString().equals("CANCELLED"));
        assertThat(get(url("/jobs/" + id + "/output")).statusCode()).isEqualTo(200);
        assertThat(postJson(url("/jobs/" + id + "/input"), "[[0, [\"cpu\", 1]]]")
                        .statusCode())
                .isEqualTo(409);
    }

    /** The data loss monitor cancels a job whose data went with members; the job shows as failed, saying so. */
    @Test
    void aJobStoppedForLostDataShowsAsFailedWithTheReason() {
        String id = start("wordcount", HTTP_JOB);
        String reason = "data lost: partition 17 lost when members left";
        hazelcast
                .<String, String>getMap(dev.sluice.server.jobs.DataLossMonitor.FAILURES_MAP)
                .set(id, reason);
        assertThat(job(id).get("status").asString())
                .as("still running until it is stopped")
                .isNotEqualTo("FAILED");

        send("DELETE", url("/jobs/" + id), null, null, null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(id).get("status").asString().equals("FAILED"));
        assertThat(job(id).get("failure").get("message").asString()).isEqualTo(reason);
        assertThat(job(id).get("failure").get("stepIndex").isNull())
                .as("no step threw")
                .isTrue();
        assertThat(job(id).get("completedAt").isNull()).isFalse();
    }

    @Test
    void aJobWhoseStepThrowsFailsNamingTheStep() {
        String id = start("pagerank", HTTP_JOB);
        postJson(url("/jobs/" + id + "/input"), "[[0, \"no comma\"]]");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(id).get("status").asString().equals("FAILED"));
        JsonNode failure = job(id).get("failure");
        assertThat(failure.get("message").asString())
                .startsWith("step 0 (map) failed: java.lang.IllegalArgumentException: a link is \"parent,child\"")
                .doesNotContain("\tat ");
        // the fields a run's 422 problem has
        assertThat(failure.get("stepIndex").asInt()).isZero();
        assertThat(failure.get("operator").asString()).isEqualTo("map");
        assertThat(failure.get("exception").asString()).isEqualTo("java.lang.IllegalArgumentException");
    }

    @Test
    void badJobRequestsAreRefusedClearly() {
        assertThat(postJson(url("/flows/nope/jobs"), HTTP_JOB).statusCode()).isEqualTo(404);
        // "kafka" was the unknown type here until issue 20 made it one: an unknown type now is "ftp"
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"input\": {\"type\": \"ftp\"}}"), 400))
                .contains("must be \"http\", \"builder\" or \"kafka\"");
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"input\": {\"type\": \"kafka\"}}"), 400))
                .contains("the kafka input: bootstrapServers is required");
        assertThat(detail(
                        postJson(url("/flows/wordcount/jobs"), "{\"input\": {\"type\": \"builder\", \"name\": \"x\"}}"),
                        400))
                .contains("no input builder named 'x'")
                .contains("steady-readings");
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"workersPerProcess\": 0}"), 400))
                .contains("workersPerProcess");
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"processingGuarantee\": \"twice\"}"), 400))
                .contains("processingGuarantee must be \"exactly-once\", \"at-least-once\" or \"none\", got \"twice\"");
        assertThat(detail(
                        postJson(
                                url("/flows/anomaly-detector/jobs"),
                                "{\"input\": {\"type\": \"builder\", "
                                        + "\"name\": \"steady-readings\"}, \"processingGuarantee\": \"exactly-once\"}"),
                        400))
                .contains("the input builder 'steady-readings' cannot be read again after a restart");
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"snapshotIntervalMillis\": 5}"), 400))
                .contains("snapshotIntervalMillis must be between 100 and 3600000, got 5");
        assertThat(detail(
                        postJson(
                                url("/flows/wordcount/jobs"),
                                "{\"processingGuarantee\": \"none\", \"snapshotIntervalMillis\": 500}"),
                        400))
                .contains("takes no snapshots");
        assertThat(postJson(url("/flows/wordcount/jobs"), "{\"input\": ").statusCode())
                .isEqualTo(400);
        assertThat(postJson(url("/flows/wordcount/jobs"), "[1, 2]").statusCode())
                .isEqualTo(400);

        assertThat(detail(get(url("/jobs/nope")), 404)).contains("no job with ID 'nope'");
        assertThat(postJson(url("/jobs/nope/input"), "[]").statusCode()).isEqualTo(404);
        assertThat(send("POST", url("/jobs/nope/input/close"), null, null, null).statusCode())
                .isEqualTo(404);
        assertThat(get(url("/jobs/nope/output")).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", url("/jobs/nope"), null, null, null).statusCode())
                .isEqualTo(404);

        String id = start("wordcount", HTTP_JOB);
        assertThat(detail(postJson(url("/jobs/" + id + "/input"), "[[0, {\"a\": 1}]]"), 400))
                .contains("pair 0");
        assertThat(detail(postJson(url("/jobs/" + id + "/input"), "[[9223372036854775807, \"a\"]]"), 400))
                .contains("which the engine reserves");
        assertThat(detail(postJson(url("/jobs/" + id + "/input"), "[[9223372036854775806, \"a\"]]"), 400))
                .contains("which the engine reserves");
        assertThat(detail(get(url("/jobs/" + id + "/output?from=-1")), 400)).contains("from");
        send("DELETE", url("/jobs/" + id), null, null, null);
    }

    /** Issue 13: a builder of another item type was accepted, then failed the job with a ClassCastException. */
    @Test
    void aBuilderWhoseItemsDoNotFitTheFlowIsRefusedBeforeAJobStarts() {
        int jobsBefore = json(get(url("/jobs"))).size();
        assertThat(detail(
                        postJson(
                                url("/flows/wordcount/jobs"),
                                "{\"input\": {\"type\": \"builder\", \"name\": \"steady-readings\"}, "
                                        + "\"output\": {\"type\": \"http\"}}"),
                        400))
                .isEqualTo("the input builder 'steady-readings' makes items of type KeyValue<String, Double>, "
                        + "but the flow 'wordcount' takes String");
        assertThat(json(get(url("/jobs"))).size()).isEqualTo(jobsBefore);
    }

    /** A job request was read without the size limit: an oversized one started a job. */
    @Test
    void aJobRequestOverTheLimitIs413AndStartsNothing() {
        int before = json(get(url("/jobs"))).size();
        String big = "{\"input\": {\"type\": \"http\"}, \"pad\": \"" + "x".repeat(70 * 1024) + "\"}";

        assertThat(detail(postJson(url("/flows/wordcount/jobs"), big), 413))
                .contains("the body is 71")
                .contains("at most 65536 bytes");
        assertThat(detail(ServiceTestSupport.postChunked(url("/flows/wordcount/jobs"), big), 413))
                .contains("at most 65536 bytes");
        assertThat(json(get(url("/jobs"))).size()).isEqualTo(before);
    }

    /** A job request that did not read was "Failed to read request". */
    @Test
    void aMalformedJobRequestSaysWhatIsWrong() {
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"input\": "), 400))
                .startsWith("the body is not a valid request: Unexpected end-of-input");
        assertThat(detail(postJson(url("/flows/wordcount/jobs"), "{\"input\": \"http\"}"), 400))
                .startsWith("the body is not a valid request: ")
                .contains("at 'input': expected an object, got a string")
                .contains("line 1");
    }

    /** Spring checked the Accept header only when writing the answer: after the job started, the input was taken. */
    @Test
    void anUnacceptableAcceptIsRefusedBeforeAnythingHappens() {
        int before = json(get(url("/jobs"))).size();
        assertThat(detail(
                        send("POST", url("/flows/wordcount/jobs"), "application/json", HTTP_JOB, "application/xml"),
                        406))
                .contains("application/json");
        assertThat(json(get(url("/jobs"))).size()).isEqualTo(before);

        String id = start("wordcount", HTTP_JOB);
        detail(send("POST", url("/jobs/" + id + "/input"), "application/json", "[[0, \"a\"]]", "application/xml"), 406);
        detail(send("POST", url("/jobs/" + id + "/input/close"), null, null, "text/html"), 406);
        detail(send("DELETE", url("/jobs/" + id), null, null, "application/yaml"), 406);

        JsonNode job = job(id);
        assertThat(job.get("countIn").asLong()).isZero();
        assertThat(job.get("inputClosed").asBoolean()).isFalse();
        assertThat(job.get("status").asString()).isIn("STARTING", "RUNNING", "NOT_RUNNING");
        send("DELETE", url("/jobs/" + id), null, null, null);
    }

    private HttpResponse<String> startWithKey(String flow, String key, String request) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(url("/flows/" + flow + "/jobs")))
                                    .header("Content-Type", "application/json")
                                    .header("Idempotency-Key", key)
                                    .POST(HttpRequest.BodyPublishers.ofString(request))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A proxy's 500 hid a job that was created: a retry with the same key finds it rather than starting another. */
    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheSameJob() {
        String key = "retry-" + java.util.UUID.randomUUID();
        int before = json(get(url("/jobs"))).size();

        HttpResponse<String> first = startWithKey("wordcount", key, HTTP_JOB);
        HttpResponse<String> retry = startWithKey("wordcount", key, HTTP_JOB);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        String id = json(first).get("id").asString();
        assertThat(json(retry).get("id").asString()).isEqualTo(id);
        assertThat(retry.headers().firstValue("Location")).hasValue("/jobs/" + id);
        assertThat(json(retry).get("idempotencyKey").asString()).isEqualTo(key);
        assertThat(json(get(url("/jobs"))).size()).isEqualTo(before + 1);

        // the same key for another request is refused, naming the job it started
        assertThat(detail(startWithKey("search-session", key, HTTP_JOB), 422))
                .contains("the Idempotency-Key '" + key + "' started job '" + id + "'");
        assertThat(detail(startWithKey("wordcount", key, "{\"workersPerProcess\": 1}"), 422))
                .contains("another request");
        // a key no one could have meant
        assertThat(detail(startWithKey("wordcount", "x".repeat(256), HTTP_JOB), 400))
                .contains("the Idempotency-Key must be 1 to 255 printable ASCII characters");
        assertThat(json(get(url("/jobs"))).size()).isEqualTo(before + 1);
        send("DELETE", url("/jobs/" + id), null, null, null);
    }

    /** A request refused before the job started leaves the key free for the corrected request. */
    @Test
    void aRefusedStartDoesNotUseUpItsKey() {
        String key = "refused-" + java.util.UUID.randomUUID();

        detail(startWithKey("wordcount", key, "{\"workersPerProcess\": 0}"), 400);
        HttpResponse<String> corrected = startWithKey("wordcount", key, HTTP_JOB);

        assertThat(corrected.statusCode()).as(corrected.body()).isEqualTo(201);
        send("DELETE", url("/jobs/" + json(corrected).get("id").asString()), null, null, null);
    }

    /** Jet shows a job being cancelled as COMPLETING; a client sees CANCELLING, then CANCELLED. */
    @Test
    void aCancelReadsCancellingUntilTheJobHasStoppedAndADeleteOfAnEndedJobRemovesIt() throws Exception {
        String id = start(
                "anomaly-detector",
                "{\"input\": {\"type\": \"builder\", \"name\": \"steady-readings\"}, \"output\": {\"type\": \"http\"}}");
        firstLines(id, 0, 1);

        HttpResponse<String> cancelling = send("DELETE", url("/jobs/" + id), null, null, null);

        assertThat(cancelling.statusCode()).isEqualTo(202);
        assertThat(json(cancelling).get("status").asString()).isIn("CANCELLING", "CANCELLED");
        List<String> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String status = job(id).get("status").asString();
            seen.add(status);
            return status.equals("CANCELLED");
        });
        assertThat(seen).allSatisfy(status -> assertThat(status).isIn("CANCELLING", "CANCELLED"));

        HttpResponse<String> again = send("DELETE", url("/jobs/" + id), null, null, null);
        assertThat(again.statusCode()).isEqualTo(204);
        assertThat(again.body()).isEmpty();
        assertThat(get(url("/jobs/" + id)).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", url("/jobs/" + id), null, null, null).statusCode())
                .isEqualTo(404);

        String completed = start("wordcount", HTTP_JOB);
        postJson(url("/jobs/" + completed + "/input/close"), "");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(completed).get("status").asString().equals("COMPLETED"));
        HttpResponse<String> late = send("DELETE", url("/jobs/" + completed), null, null, null);
        assertThat(late.statusCode()).isEqualTo(204);
        assertThat(get(url("/jobs/" + completed)).statusCode()).isEqualTo(404);
        assertThat(get(url("/jobs/" + completed + "/output")).statusCode()).isEqualTo(404);
    }
}
