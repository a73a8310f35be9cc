package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A finite run answered as NDJSON is written while it runs (issue 19): its first pairs reach the
 * client while a step still holds the run back, and a failure after them ends the stream with the
 * problem as its last line. On a real member, with flows of this test that wait or throw on a marker.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamedRunTest {

    /** Holds the {@code gated} flow at its {@code "wait"} item until the test opens it. */
    static final CountDownLatch GATE = new CountDownLatch(1);

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Two of a worker's batches of output, so that some are handed over before the marker. */
    private static final int BEFORE = 2048;

    @TestConfiguration(proxyBeanMethods = false)
    static class Flows {
        @Bean("gated")
        Dataflow<String, ?> gated() {
            return Dataflow.input(String.class)
                    .inspect(item -> {
                        // a gate that never opens fails the run, so the test cannot pass by waiting it out
                        if (item.equals("wait") && !GATE.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("the test never opened the gate");
                        }
                    })
                    .capture();
        }

        @Bean("fails-late")
        Dataflow<String, ?> failsLate() {
            return Dataflow.input(String.class)
                    .map(item -> {
                        if (item.equals("boom")) {
                            throw new IllegalStateException("boom after the first pairs");
                        }
                        return item;
                    })
                    .capture();
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void theFirstPairsArriveWhileTheRunIsStillHeldBack() throws Exception {
        String body =
                items(Stream.concat(IntStream.range(0, BEFORE).mapToObj(i -> "a" + i), Stream.of("wait", "after")));
        HttpResponse<InputStream> response = HttpClient.newHttpClient()
                .send(ndjsonRun("/flows/gated/run/items?workers=1", body), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.statusCode()).isEqualTo(200);
            List<String> early = new ArrayList<>();
            while (early.size() < BEFORE) {
                early.add(lines.readLine());
            }
            assertThat(GATE.getCount())
                    .as("the run is still held at 'wait' after %d lines came", BEFORE)
                    .isEqualTo(1);
            GATE.countDown();
            List<String> rest = lines.lines().toList();

            assertThat(early).contains("[0,\"a0\"]", "[0,\"a" + (BEFORE - 1) + "\"]");
            assertThat(rest).containsExactlyInAnyOrder("[0,\"wait\"]", "[0,\"after\"]");
        } finally {
            GATE.countDown();
        }
    }

    @Test
    void aStepThatFailsAfterTheFirstPairsEndsTheStreamWithTheProblem() throws Exception {
        String body = items(Stream.concat(IntStream.range(0, BEFORE).mapToObj(i -> "a" + i), Stream.of("boom")));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(ndjsonRun("/flows/fails-late/run/items?workers=1", body), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> lines = response.body().lines().toList();
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(last.get("type").asString()).isEqualTo("https://sluice.dev/problems/step-failed");
        assertThat(last.get("status").asInt()).isEqualTo(422);
        assertThat(last.get("detail").asString())
                .isEqualTo("step 0 (map) of flow 'fails-late' threw IllegalStateException: boom after the first pairs");
        assertThat(last.get("instance").asString()).isEqualTo("/flows/fails-late/run/items");
        assertThat(lines.subList(0, lines.size() - 1))
                .as("every line before the problem is a pair the run captured")
                .allSatisfy(line -> assertThat(line).matches("\\[0,\"a\\d+\"]"))
                .hasSizeGreaterThanOrEqualTo(1024);
    }

    @Test
    void aStepThatFailsBeforeAnyPairIsTheProblemWithItsStatus() {
        HttpResponse<String> response = ServiceTestSupport.send(
                "POST",
                ServiceTestSupport.url(port, "/flows/fails-late/run/items?workers=1"),
                "application/json",
                "[\"boom\", \"a\"]",
                "application/x-ndjson");

        ServiceTestSupport.assertProblem(
                response, 422, "step 0 (map) of flow 'fails-late' threw IllegalStateException");
    }

    private HttpRequest ndjsonRun(String path, String body) {
        return HttpRequest.newBuilder(URI.create(ServiceTestSupport.url(port, path)))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private static String items(Stream<String> items) {
        return items.map(item -> "\"" + item + "\"").collect(Collectors.joining(",", "[", "]"));
    }
}
