package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.ServiceCluster.Member;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission of finite runs (issue 12): eight concurrent runs of 50 MB bodies on a member with a 1 GB
 * heap are all answered, those beyond the budget with {@code 429} and {@code Retry-After}, none with
 * an error of a member out of memory; the member runs on. The member is a child JVM with {@code
 * -Xmx1g} and the default budget (a sixteenth of the heap: one such run at a time).
 */
class RunAdmissionTest {

    static final int RUNS = 8;
    static final int BODY_BYTES = 50_000_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServiceCluster cluster;
    private static Member member;

    @BeforeAll
    static void startMember() throws InterruptedException {
        cluster = ServiceCluster.start("run-admission", 1, 2, List.of("-Xmx1g"));
        member = cluster.members().get(0);
    }

    @AfterAll
    static void stopMember() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void eightConcurrentRunsOf50MbOnA1GbHeapAreAllAnsweredSomeWith429() throws Exception {
        String line = "to be or not to be that is the question";
        int lines = BODY_BYTES / (line.length() + 3);
        StringBuilder items = new StringBuilder(BODY_BYTES + 64).append('[');
        for (int i = 0; i < lines; i++) {
            items.append(i == 0 ? "\"" : ",\"").append(line).append('"');
        }
        byte[] body = items.append(']').toString().getBytes(StandardCharsets.UTF_8);
        HttpClient client = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(RUNS))
                .build();
        ExecutorService senders = Executors.newFixedThreadPool(RUNS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            answers.add(senders.submit(() -> {
                go.await();
                HttpRequest request = HttpRequest.newBuilder(URI.create(member.url("/flows/wordcount/run/items")))
                        .timeout(Duration.ofSeconds(180))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build();
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }));
        }
        go.countDown();

        int ok = 0;
        int refused = 0;
        for (Future<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.get();
            if (response.statusCode() == 200) {
                ok++;
                JsonNode pairs = JSON.readTree(response.body());
                long words = 0;
                for (JsonNode pair : pairs) {
                    words += pair.get(1).get(1).asLong();
                }
                assertThat(words).isEqualTo(10L * lines);
            } else {
                assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
                assertThat(response.body()).contains("too-many-runs");
                assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
                refused++;
            }
        }
        senders.shutdownNow();

        System.out.printf(
                "RunAdmissionTest: of %d concurrent runs of %d MB, %d ran, %d got 429%n",
                RUNS, body.length / 1_000_000, ok, refused);
        assertThat(ok).isGreaterThanOrEqualTo(1);
        assertThat(refused).isGreaterThanOrEqualTo(1);
        assertThat(member.jvm().isAlive()).isTrue();
        assertThat(get(member.url("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        HttpResponse<String> after = CompletableFuture.supplyAsync(
                        () -> ServiceTestSupport.postJson(member.url("/flows/wordcount/run/items"), "[\"a b a\"]"))
                .get();
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }
}
