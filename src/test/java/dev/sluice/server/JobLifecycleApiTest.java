package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.assertProblem;
import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A job's lifecycle verbs (issue 12): suspend, resume, restart, each losing and repeating nothing, and
 * each refused with a problem where the job's status does not allow it; and {@code GET /jobs} in pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobLifecycleApiTest {

    private static final String EXACTLY_ONCE =
            "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}, " + "\"snapshotIntervalMillis\": 200}";

    @LocalServerPort
    int port;

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
        return json(created).get("id").asString();
    }

    private String status(String id) {
        HttpResponse<String> response = get(url("/jobs/" + id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response).get("status").asString();
    }

    private HttpResponse<String> verb(String id, String verb) {
        return send("POST", url("/jobs/" + id + "/" + verb), null, null, null);
    }

    private void feed(String id, String pairs) {
        HttpResponse<String> fed = postJson(url("/jobs/" + id + "/input"), pairs);
        assertThat(fed.statusCode()).as(fed.body()).isEqualTo(202);
    }

    /** Fails with the job's last view, so that a job stuck or failed says where and why. */
    private void awaitStatus(String id, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> job = get(url("/jobs/" + id));
            assertThat(json(job).path("status").asString()).as(job.body()).isEqualTo(status);
        });
    }

    /** The whole output of a job that has ended (for one that runs, the stream follows it live). */
    private List<String> output(String id) {
        return get(url("/jobs/" + id + "/output")).body().lines().toList();
    }

    private long countOut(String id) {
        return json(get(url("/jobs/" + id))).get("countOut").asLong();
    }

    /** Closes the input and reads the whole output once the job has completed. */
    private List<String> finish(String id) {
        assertThat(send("POST", url("/jobs/" + id + "/input/close"), null, null, null)
                        .statusCode())
                .isEqualTo(202);
        awaitStatus(id, "COMPLETED");
        return output(id);
    }

    @Test
    void inputFedWhileSuspendedIsReadOnResumeAndNothingIsLostOrRepeated() {
        String id = start("wordcount", EXACTLY_ONCE);
        awaitStatus(id, "RUNNING");
        feed(id, "[[0, \"a b\"], [1, \"a\"]]");
        // epoch 0 completes once epoch 1 is in, and its counts are committed with a snapshot
        await().atMost(Duration.ofSeconds(20)).until(() -> countOut(id) == 2);

        HttpResponse<String> suspending = verb(id, "suspend");
        assertThat(suspending.statusCode()).as(suspending.body()).isEqualTo(202);
        assertThat(json(suspending).get("status").asString()).isIn("SUSPENDING", "SUSPENDED");
        awaitStatus(id, "SUSPENDED");
        HttpResponse<String> again = verb(id, "suspend");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("status").asString()).isEqualTo("SUSPENDED");

        feed(id, "[[1, \"b\"], [2, \"c c\"]]");
        assertProblem(verb(id, "restart"), 409, "POST /jobs/" + id + "/resume");
        assertThat(json(get(url("/jobs/" + id))).get("countIn").asLong()).isEqualTo(4);

        HttpResponse<String> resuming = verb(id, "resume");
        assertThat(resuming.statusCode()).as(resuming.body()).isEqualTo(202);
        awaitStatus(id, "RUNNING");
        assertThat(verb(id, "resume").statusCode()).isEqualTo(200);
        feed(id, "[[3, \"d\"]]");

        assertThat(finish(id))
                .containsExactlyInAnyOrder(
                        "[0,[\"a\",1]]",
                        "[0,[\"b\",1]]",
                        "[1,[\"a\",1]]",
                        "[1,[\"b\",1]]",
                        "[2,[\"c\",2]]",
                        "[3,[\"d\",1]]");
    }

    @Test
    void aRestartReadsOnFromTheLastSnapshot() {
        String id = start("wordcount", EXACTLY_ONCE);
        awaitStatus(id, "RUNNING");
        feed(id, "[[0, \"x\"], [1, \"y\"]]");
        await().atMost(Duration.ofSeconds(20)).until(() -> countOut(id) == 1);

        HttpResponse<String> restarting = verb(id, "restart");
        assertThat(restarting.statusCode()).as(restarting.body()).isEqualTo(202);
        feed(id, "[[1, \"y\"], [2, \"z\"]]");
        awaitStatus(id, "RUNNING");

        assertThat(finish(id)).containsExactlyInAnyOrder("[0,[\"x\",1]]", "[1,[\"y\",2]]", "[2,[\"z\",1]]");
    }

    @Test
    void aVerbTheStatusDoesNotAllowIsAProblem() {
        String none = start(
                "wordcount",
                "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}, \"processingGuarantee\": \"none\"}");
        assertProblem(verb(none, "suspend"), 409, "has no processing guarantee, so it cannot be suspended");
        assertProblem(verb(none, "restart"), 409, "has no processing guarantee, so it cannot be restarted");

        String running = start("wordcount", EXACTLY_ONCE);
        awaitStatus(running, "RUNNING");
        HttpResponse<String> resumed = verb(running, "resume");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json(resumed).get("status").asString()).isEqualTo("RUNNING");

        assertThat(finish(running)).isEmpty();
        assertProblem(verb(running, "suspend"), 409, "is COMPLETED; only a RUNNING job can be suspended");
        assertProblem(verb(running, "resume"), 409, "is COMPLETED; only a SUSPENDED job can be resumed");
        assertProblem(verb(running, "restart"), 409, "is COMPLETED; only a RUNNING job can be restarted");
        for (String verb : List.of("suspend", "resume", "restart")) {
            assertProblem(verb("nope", verb), 404, "there is no job with ID 'nope'");
        }
    }

    @Test
    void theJobsAreListedInPagesByStatus() {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(0, start("wordcount", EXACTLY_ONCE)); // newest first
        }
        for (String id : started) {
            awaitStatus(id, "RUNNING");
        }
        String suspended = started.get(1);
        assertThat(verb(suspended, "suspend").statusCode()).isEqualTo(202);
        awaitStatus(suspended, "SUSPENDED");

        HttpResponse<String> first = get(url("/jobs?status=RUNNING,SUSPENDED&limit=2"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        List<String> page = ids(json(first));
        assertThat(page).hasSize(2);
        String next = first.headers().firstValue("Link").orElseThrow();
        assertThat(next).startsWith("</jobs?limit=2&status=RUNNING,SUSPENDED&before=" + page.get(1) + ">");
        List<String> all = new ArrayList<>(page);
        while (next != null) {
            HttpResponse<String> more = get(url(next.substring(1, next.indexOf('>'))));
            all.addAll(ids(json(more)));
            next = more.headers().firstValue("Link").orElse(null);
        }
        assertThat(all).containsSubsequence(started).doesNotHaveDuplicates();

        assertThat(ids(json(get(url("/jobs?status=SUSPENDED"))))).containsExactly(suspended);
        assertThat(ids(json(get(url("/jobs?limit=1&before=" + started.get(0))))))
                .containsExactly(started.get(1));

        assertProblem(get(url("/jobs?limit=0")), 400, "limit must be between 1 and 1000, got 0");
        assertProblem(get(url("/jobs?status=ASLEEP")), 400, "status must be one of");
        assertProblem(get(url("/jobs?before=nope")), 400, "there is no job 'nope'");
    }

    private static List<String> ids(JsonNode jobs) {
        List<String> ids = new ArrayList<>();
        jobs.forEach(job -> ids.add(job.get("id").asString()));
        return ids;
    }
}
