package dev.sluice.server.jobs;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.server.ServiceTestSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Retention and admission of jobs on one member (issue 12): committed input is dropped, output keeps
 * its window (410 below it), a finished job goes after its retention or at a DELETE with all its data,
 * a full input backlog refuses input, and jobs beyond max-running are refused.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"sluice.jobs.retention=5s", "sluice.jobs.max-running=3", "sluice.jobs.max-input-backlog=64KB"})
class JobRetentionTest {

    private static final String STEADY =
            "{\"input\": {\"type\": \"builder\", \"name\": \"steady-readings\"}, \"output\": {\"type\": \"http\"}}";

    /** Every map a job has entries in: by its ID, or by {@code ID/n}. */
    private static final List<String> MAPS = List.of(
            JobStore.JOBS,
            JobStore.INPUT_LOGS,
            JobStore.INPUT_BATCHES,
            JobStore.OUTPUT_LOGS,
            JobStore.OUTPUT_PAIRS,
            JobStore.OUTPUT_FIRST,
            JobStore.ENDS,
            JobStore.CANCELS,
            InputKept.MAP,
            InputPositions.MAP);

    @LocalServerPort
    int port;

    @Autowired
    HazelcastInstance hazelcast;

    private final List<String> started = new ArrayList<>();

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @AfterEach
    void cancelWhatRuns() {
        for (String id : started) {
            send("DELETE", url("/jobs/" + id), null, null, null);
        }
        started.clear();
        await().atMost(Duration.ofSeconds(30)).until(this::nothingRuns);
    }

    private boolean nothingRuns() {
        return hazelcast.getMap(JobStore.JOBS).keySet().stream()
                .allMatch(id -> hazelcast.getMap(JobStore.ENDS).containsKey(id));
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    private String start(String flow, String request) {
        HttpResponse<String> created = postJson(url("/flows/" + flow + "/jobs"), request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        started.add(id);
        return id;
    }

    private JsonNode job(String id) {
        HttpResponse<String> response = get(url("/jobs/" + id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private void feed(String id, String body) {
        HttpResponse<String> accepted = postJson(url("/jobs/" + id + "/input"), body);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    private void closeAndComplete(String id) {
        assertThat(send("POST", url("/jobs/" + id + "/input/close"), null, null, null)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(id).get("status").asString().equals("COMPLETED"));
    }

    /** The keys any of the job's maps still hold for it. */
    private List<String> entriesOf(String id) {
        List<String> left = new ArrayList<>();
        for (String map : MAPS) {
            for (Object key : hazelcast.getMap(map).keySet()) {
                if (key.equals(id) || key.toString().startsWith(id + "/")) {
                    left.add(map + ": " + key);
                }
            }
        }
        return left;
    }

    /** The status of a read of a job's output, without following it. */
    private int outputStatus(String id, long from) throws Exception {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(url("/jobs/" + id + "/output?from=" + from)))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<java.io.InputStream> response =
                java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return response.statusCode();
    }

    private long batchesOf(String id) {
        return hazelcast.getMap(JobStore.INPUT_BATCHES).keySet().stream()
                .filter(key -> key.toString().startsWith(id + "/"))
                .count();
    }

    @Test
    void committedInputIsDroppedAndTheOutputStaysExact() {
        String id = start(
                "wordcount",
                "{\"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 100, \"workersPerProcess\": 2}");
        for (int epoch = 0; epoch < 20; epoch++) {
            feed(id, "[[" + epoch + ", \"a b\"], [" + epoch + ", \"a\"]]");
        }

        // every batch goes once a committed snapshot holds every worker's position past it
        await().atMost(Duration.ofSeconds(20)).until(() -> batchesOf(id) == 0);
        assertThat(hazelcast.<String, InputKept>getMap(InputKept.MAP).get(id).firstItem())
                .isEqualTo(40);
        feed(id, "[[20, \"b\"]]");
        closeAndComplete(id);

        List<String> output = get(url("/jobs/" + id + "/output")).body().lines().toList();
        List<String> expected = new ArrayList<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            expected.add("[" + epoch + ",[\"a\",2]]");
            expected.add("[" + epoch + ",[\"b\",1]]");
        }
        expected.add("[20,[\"b\",1]]");
        assertThat(output).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void inputWithoutAGuaranteeIsDroppedOnceRead() {
        String id = start("wordcount", "{\"processingGuarantee\": \"none\"}");
        for (int epoch = 0; epoch < 5; epoch++) {
            feed(id, "[[" + epoch + ", \"x\"]]");
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> batchesOf(id) == 0);
        closeAndComplete(id);
        assertThat(job(id).get("countOut").asLong()).isEqualTo(5);
    }

    @Test
    void outputBelowACountWindowIsGoneWith410NamingTheFirstOffsetKept() {
        String id = start("wordcount", "{\"outputRetention\": {\"count\": 5}, \"snapshotIntervalMillis\": 100}");
        assertThat(job(id).get("outputRetention").get("count").asLong()).isEqualTo(5);
        assertThat(job(id).get("outputRetention").get("ageMillis").asLong()).isZero();
        String words = IntStream.range(0, 20).mapToObj(JobRetentionTest::word).collect(Collectors.joining(" "));
        feed(id, "[[0, \"" + words + "\"]]");
        closeAndComplete(id);

        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(url("/jobs/" + id + "/output?from=0")).statusCode() == 410);
        HttpResponse<String> gone = get(url("/jobs/" + id + "/output?from=3"));
        assertThat(ServiceTestSupport.detail(gone, 410)).contains("keeps offsets from 15 on");
        assertThat(json(gone).get("type").asString()).isEqualTo("https://sluice.dev/problems/output-gone");
        assertThat(json(gone).get("firstKept").asLong()).isEqualTo(15);
        assertThat(get(url("/jobs/" + id + "/output?from=15")).body().lines()).hasSize(5);
        assertThat(job(id).get("countOut").asLong()).isEqualTo(20);
    }

    @Test
    void outputOlderThanItsAgeIsGone() throws Exception {
        String id = start(
                "wordcount",
                "{\"outputRetention\": {\"count\": 0, \"ageMillis\": 2000}, \"snapshotIntervalMillis\": 100}");
        feed(id, "[[0, \"a b c\"], [1, \"d\"]]");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> job(id).get("countOut").asLong() == 3);
        long seen = System.currentTimeMillis();
        assertThat(outputStatus(id, 0)).isEqualTo(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> outputStatus(id, 0) == 410);
        assertThat(System.currentTimeMillis() - seen).isGreaterThanOrEqualTo(1000);
        assertThat(json(get(url("/jobs/" + id + "/output?from=0")))
                        .get("firstKept")
                        .asLong())
                .isEqualTo(3);
    }

    @Test
    void aFinishedJobGoesWithAllItsDataAfterItsRetention() {
        String id = start("wordcount", "{\"snapshotIntervalMillis\": 100}");
        feed(id, "[[0, \"a b\"], [1, \"c\"]]");
        closeAndComplete(id);
        long completedAt = job(id).get("completedAt").asLong();
        assertThat(get(url("/jobs/" + id + "/output")).body().lines()).hasSize(3);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> get(url("/jobs/" + id)).statusCode() == 404);
        assertThat(System.currentTimeMillis() - completedAt).isGreaterThanOrEqualTo(5000);
        assertThat(entriesOf(id)).isEmpty();
        assertThat(get(url("/jobs/" + id + "/output")).statusCode()).isEqualTo(404);
    }

    @Test
    void aDeleteOfAFinishedJobRemovesItAndItsDataAt204() {
        String id = start("wordcount", "{\"outputRetention\": {\"count\": 0}, \"snapshotIntervalMillis\": 100}");
        feed(id, "[[0, \"a b\"]]");
        feed(id, "[[1, \"c\"]]");
        closeAndComplete(id);
        assertThat(entriesOf(id)).isNotEmpty();

        HttpResponse<String> deleted = send("DELETE", url("/jobs/" + id), null, null, null);

        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(entriesOf(id)).isEmpty();
        assertThat(get(url("/jobs/" + id)).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", url("/jobs/" + id), null, null, null).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aFullInputBacklogRefusesInputWith429UntilTheJobHasCaughtUp() {
        // an hour between snapshots: nothing read is committed, so nothing is dropped
        String id = start("wordcount", "{\"snapshotIntervalMillis\": 3600000}");
        String line = "x".repeat(1000);
        String body = "["
                + IntStream.range(0, 10).mapToObj(i -> "[0, \"" + line + "\"]").collect(Collectors.joining(",")) + "]";
        HttpResponse<String> refused = null;
        int accepted = 0;
        for (int i = 0; i < 100 && refused == null; i++) {
            HttpResponse<String> response = postJson(url("/jobs/" + id + "/input"), body);
            if (response.statusCode() == 202) {
                accepted++;
            } else {
                refused = response;
            }
        }

        assertThat(refused).isNotNull();
        assertThat(ServiceTestSupport.detail(refused, 429)).contains("sluice.jobs.max-input-backlog");
        assertThat(json(refused).get("type").asString()).isEqualTo("https://sluice.dev/problems/input-backlog-full");
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        // 64 KB of ~10 KB bodies: six fit
        assertThat(accepted).isBetween(6, 7);
        assertThat(job(id).get("countIn").asLong()).isEqualTo(accepted * 10L);
    }

    /** What the README's table of a job's memory says: the maps' own cost per entry, printed. */
    @Test
    void theMemoryAJobCostsPerItemInAndPerPairOutIsMeasured() {
        String id = start("wordcount", "{\"outputRetention\": {\"count\": 0}, \"snapshotIntervalMillis\": 3600000}");
        String line = "to be or not to be that is the question";
        int bodies = 1;
        int perBody = 1000;
        for (int b = 0; b < bodies; b++) {
            String body = IntStream.range(0, perBody)
                    .mapToObj(i -> "[0, \"" + line + "\"]")
                    .collect(Collectors.joining(",", "[", "]"));
            feed(id, body);
        }
        var batches = hazelcast.getMap(JobStore.INPUT_BATCHES);
        long inCost = 0;
        for (int b = 0; b < bodies; b++) {
            inCost += batches.getEntryView(id + "/" + b).getCost();
        }
        String output = start("wordcount", "{\"outputRetention\": {\"count\": 0}, \"processingGuarantee\": \"none\"}");
        String words = IntStream.range(0, 2000).mapToObj(JobRetentionTest::word).collect(Collectors.joining(" "));
        feed(output, "[[0, \"" + words + "\"], [1, \"end\"]]");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(output).get("countOut").asLong() == 2000);
        var pairs = hazelcast.getMap(JobStore.OUTPUT_PAIRS);
        long outCost = 0;
        for (int offset = 0; offset < 2000; offset++) {
            outCost += pairs.getEntryView(output + "/" + offset).getCost();
        }
        double perItem = (double) inCost / (bodies * perBody);
        double perPair = outCost / 2000.0;
        System.out.printf(
                "JobRetentionTest: an item in (a %d-character line) costs %.0f bytes; a pair out ([word, count]) "
                        + "%.0f bytes%n",
                line.length(), perItem, perPair);
        assertThat(perItem).isBetween((double) line.length(), 400.0);
        assertThat(perPair).isBetween(20.0, 400.0);
    }

    /** A word of letters only: wordcount splits at anything else. */
    private static String word(int i) {
        return "word" + (char) ('a' + i / 676 % 26) + (char) ('a' + i / 26 % 26) + (char) ('a' + i % 26);
    }

    @Test
    void jobsBeyondMaxRunningAreRefusedWith429() {
        // an end whose record is gone (a finished job erased just before its end was recorded) counts for
        // no job: counted, it let a fourth job start (a clean clone's run, session 8)
        hazelcast.<String, Long>getMap(JobStore.ENDS).set("an-erased-job", System.currentTimeMillis());
        for (int i = 0; i < 3; i++) {
            start("anomaly-detector", STEADY);
        }

        HttpResponse<String> refused = postJson(url("/flows/anomaly-detector/jobs"), STEADY);

        assertThat(ServiceTestSupport.detail(refused, 429)).contains("sluice.jobs.max-running is 3");
        assertThat(json(refused).get("type").asString()).isEqualTo("https://sluice.dev/problems/too-many-jobs");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        String first = started.get(0);
        assertThat(send("DELETE", url("/jobs/" + first), null, null, null).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> job(first).get("status").asString().equals("CANCELLED"));
        start("anomaly-detector", STEADY);
    }
}
