package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.server.ServiceCluster.Member;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A job fed far more than the heap of its member holds (issue 12): with retention, an exactly-once
 * job's memory stays within its input backlog, output window and what is in flight, and its data go at
 * {@code DELETE}; a job that does not keep up has its input refused ({@code 429}) once its backlog is
 * full, and the member stays alive. One member in a child JVM with a small heap ({@value #HEAP_MB} MB)
 * and a per-job input backlog of {@value #BACKLOG_MB} MB.
 */
class BoundedMemoryTest {

    static final int HEAP_MB = 192;
    static final int BACKLOG_MB = 16;
    /**
     * What the exactly-once job is fed: over the heap, and small enough for CI (the job reads a few MB/s
     * on a loaded machine); {@code -Dsluice.test.feed-mb=500} feeds the 500 MB.
     */
    static final long FEED_BYTES = Long.getLong("sluice.test.feed-mb", 250) * 1_000_000;
    /** One request body. */
    static final int BODY_BYTES = 4_000_000;
    /** The output window of the exactly-once job: pairs. */
    static final int OUTPUT_WINDOW = 2000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static ServiceCluster cluster;
    private static Member member;

    @BeforeAll
    static void startMember() throws InterruptedException {
        cluster = ServiceCluster.start(
                "bounded-memory",
                1,
                2,
                List.of("-Xmx" + HEAP_MB + "m", "-Dsluice.jobs.max-input-backlog=" + BACKLOG_MB + "MB"));
        member = cluster.members().get(0);
    }

    @AfterAll
    static void stopMember() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void anExactlyOnceJobFedFarMoreThanTheHeapStaysWithinItsBacklogAndWindowAndItsDataGoAtDelete() throws Exception {
        long baseline = heapAfterGc();
        String id = start("{\"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 200, "
                + "\"outputRetention\": {\"count\": " + OUTPUT_WINDOW + "}}");
        // a bound for the member's heap after a GC: what it held before, the backlog twice (stored, and
        // read by the workers), the window and what is in flight (a body read, the batches being read)
        long bound = baseline + 2L * BACKLOG_MB * 1_000_000 + 64_000_000;
        List<Long> heaps = new ArrayList<>();
        long sent = 0;
        int epoch = 0;
        long started = System.nanoTime();
        while (sent < FEED_BYTES) {
            byte[] body = body(epoch);
            HttpResponse<String> response;
            while ((response = post("/jobs/" + id + "/input", body)).statusCode() == 429) {
                Thread.sleep(20); // the backlog is full: the job catches up
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            sent += body.length;
            epoch++;
            if (epoch % 25 == 0) {
                heaps.add(heapAfterGc());
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(send("POST", member.url("/jobs/" + id + "/input/close"), null, null, null)
                        .statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(120))
                .until(() -> "COMPLETED".equals(job(id).get("status").asString()));
        heaps.add(heapAfterGc());
        System.out.printf(
                "BoundedMemoryTest: %d MB through an exactly-once job in %.1f s (%.1f MB/s); heap after GC before "
                        + "%d MB, bound %d MB, while fed %s MB%n",
                sent / 1_000_000,
                seconds,
                sent / 1e6 / seconds,
                baseline / 1_000_000,
                bound / 1_000_000,
                heaps.stream().map(h -> h / 1_000_000).toList());
        assertThat(heaps).allSatisfy(heap -> assertThat(heap).isLessThanOrEqualTo(bound));
        JsonNode done = job(id);
        assertThat(done.get("countIn").asLong()).isEqualTo((long) epoch * linesPerBody());
        // each body is an epoch of the same words: every epoch gives one pair per word
        assertThat(done.get("countOut").asLong()).isEqualTo((long) epoch * WORDS);
        HttpResponse<String> gone = get(member.url("/jobs/" + id + "/output?from=0"));
        assertThat(gone.statusCode()).isEqualTo(410);

        assertThat(send("DELETE", member.url("/jobs/" + id), null, null, null).statusCode())
                .isEqualTo(204);
        assertThat(get(member.url("/jobs/" + id)).statusCode()).isEqualTo(404);
        assertThat(heapAfterGc()).isLessThanOrEqualTo(baseline + 24_000_000);
    }

    @Test
    void aJobThatDoesNotKeepUpHasItsInputRefusedAndTheMemberStaysAlive() throws Exception {
        // an hour between snapshots: nothing it reads is committed, so nothing is dropped
        String id = start("{\"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 3600000}");
        byte[] body = body(0);
        long offered = 0;
        long accepted = 0;
        int refused = 0;
        while (offered < 3L * HEAP_MB * 1_000_000) {
            HttpResponse<String> response = post("/jobs/" + id + "/input", body);
            offered += body.length;
            if (response.statusCode() == 202) {
                accepted += body.length;
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                assertThat(response.body()).contains("input-backlog-full");
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                refused++;
            }
        }

        assertThat(accepted).isBetween(BACKLOG_MB * 1_000_000L - BODY_BYTES, BACKLOG_MB * 1_000_000L + BODY_BYTES);
        assertThat(refused).isGreaterThan(0);
        assertThat(member.jvm().isAlive()).isTrue();
        assertThat(get(member.url("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        HttpResponse<String> run =
                ServiceTestSupport.postJson(member.url("/flows/wordcount/run/items"), "[\"still here\"]");
        assertThat(run.statusCode()).isEqualTo(200);
        assertThat(heapAfterGc()).isLessThan(HEAP_MB * 1_000_000L * 3 / 4);
        assertThat(send("DELETE", member.url("/jobs/" + id), null, null, null).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "CANCELLED".equals(job(id).get("status").asString()));
        assertThat(send("DELETE", member.url("/jobs/" + id), null, null, null).statusCode())
                .isEqualTo(204);
    }

    private static final int WORDS = 26 * 26;

    private static int linesPerBody() {
        return BODY_BYTES / LINE.length();
    }

    /**
     * A line of every word once: long words of letters only (wordcount splits at anything else), so that
     * the bytes fed are many for the items they make.
     */
    private static final String LINE = line();

    private static String line() {
        StringBuilder words = new StringBuilder();
        for (int i = 0; i < WORDS; i++) {
            words.append(i == 0 ? "" : " ")
                    .append("boundedmemorywordslongsothatbytesoutweighitems")
                    .append((char) ('a' + i / 26 % 26))
                    .append((char) ('a' + i % 26));
        }
        return words.toString();
    }

    /** About {@link #BODY_BYTES} of {@code [[epoch, line], …]}. */
    private static byte[] body(int epoch) {
        StringBuilder body = new StringBuilder(BODY_BYTES + 1024).append('[');
        for (int i = 0; i < linesPerBody(); i++) {
            body.append(i == 0 ? "" : ",")
                    .append('[')
                    .append(epoch)
                    .append(",\"")
                    .append(LINE)
                    .append("\"]");
        }
        return body.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String start(String request) {
        HttpResponse<String> created = ServiceTestSupport.postJson(member.url("/flows/wordcount/jobs"), request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body()).get("id").asString();
    }

    private static JsonNode job(String id) {
        return JSON.readTree(get(member.url("/jobs/" + id)).body());
    }

    private static HttpResponse<String> post(String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(member.url(path)))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The member's heap in use right after a full GC ({@code jcmd GC.run}), from its own meter. */
    private static long heapAfterGc() throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(
                        jcmd.toString(), Long.toString(member.jvm().pid()), "GC.run")
                .redirectErrorStream(true)
                .start();
        gc.getInputStream().readAllBytes();
        assertThat(gc.waitFor()).isZero();
        HttpResponse<String> used = get(member.url("/actuator/metrics/jvm.memory.used?tag=area:heap"));
        assertThat(used.statusCode()).as(used.body()).isEqualTo(200);
        return (long) JSON.readTree(used.body())
                .get("measurements")
                .get(0)
                .get("value")
                .asDouble();
    }
}
