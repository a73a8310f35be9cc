package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.sluice.cluster.ChildJvm;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.testing.GatedMember;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code SIGTERM} drains a service member: two members as separate JVMs on loopback; a run is held in
 * flight on member 1 (at a gate, see {@link GatedMember}) when member 1 gets {@code SIGTERM}. From then
 * on member 1 answers new requests {@code 503} with a problem, the run in flight still answers
 * {@code 200} with its whole output once the gate opens, and member 1 then leaves the cluster and exits;
 * member 2 goes on alone.
 *
 * <p>With Hazelcast's own shutdown hook on (its default), the member would be terminated at once on
 * {@code SIGTERM} and the run in flight would fail: this test fails then.
 */
class GracefulShutdownTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<ChildJvm> jvms = new ArrayList<>();
    private Path gate;

    @AfterEach
    void stopEverything() throws IOException {
        ChildJvm.stopAll(jvms, Duration.ofSeconds(15));
        if (gate != null) {
            try (Stream<Path> files = Files.list(gate)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(gate);
        }
    }

    @Test
    void sigtermLetsTheRunInFlightFinishAnswersNewRequests503AndLeavesTheClusterToTheOthers() throws Exception {
        gate = Files.createTempDirectory("sluice-gate-");
        String clusterName = "drain-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(4);
        List<String> addresses = List.of("127.0.0.1:" + ports.get(0), "127.0.0.1:" + ports.get(1));
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Map<String, String> environment = new LinkedHashMap<>();
            inheritedSettings().forEach(variable -> environment.put(variable, null));
            environment.put("SLUICE_CLUSTER_NAME", clusterName);
            environment.put("SLUICE_CLUSTER_PORT", Integer.toString(ports.get(i)));
            environment.put("SLUICE_CLUSTER_MEMBERS", String.join(",", addresses));
            environment.put("SLUICE_WORKERS_PER_PROCESS", "2");
            // the drain waits for the run as long as the test needs; no timing involved
            environment.put("SLUICE_SHUTDOWN_DRAIN_TIMEOUT", "10m");
            environment.put("SERVER_PORT", Integer.toString(ports.get(2 + i)));
            List<String> options = new ArrayList<>(LocalCluster.DEFAULT_JVM_OPTIONS);
            options.addAll(List.of(
                    "-XX:TieredStopAtLevel=1",
                    "-Xshare:auto",
                    "-Xmx384m",
                    "-Dspring.main.banner-mode=off",
                    "-D" + SluiceApplication.EXIT_WITH_PARENT_PROPERTY + "=true",
                    "-D" + GatedMember.GATE_PROPERTY + "=" + gate));
            jvms.add(ChildJvm.start("member " + (i + 1), GatedMember.class.getName(), options, List.of(), environment));
            urls.add("http://127.0.0.1:" + ports.get(2 + i));
        }
        for (int i = 0; i < 2; i++) {
            awaitMember(jvms.get(i), urls.get(i), 2);
        }
        ChildJvm one = jvms.get(0);
        String oneUrl = urls.get(0);
        String twoUrl = urls.get(1);

        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add("item-" + i);
        }
        String body = JSON.writeValueAsString(items);
        CompletableFuture<HttpResponse<String>> inFlight = CLIENT.sendAsync(
                HttpRequest.newBuilder(URI.create(oneUrl + "/flows/gated/run?epochs=ordered"))
                        .timeout(Duration.ofMinutes(5))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(120)).until(() -> arrivals() == 2 || inFlight.isDone());
        assertThat(inFlight).as("the run waits at the gate on both members").isNotDone();

        one.handle().destroy(); // SIGTERM

        // new requests to the draining member: 503 problems (polled: the signal takes a moment to act)
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(120))
                .until(() -> get(oneUrl + "/flows"), response -> response.statusCode() != 200);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.get("type").asString()).endsWith("/member-shutting-down");
        assertThat(problem.get("detail").asString()).contains("shutting down").contains("another member");
        HttpResponse<String> refusedRun = postJson(oneUrl + "/flows/gated/run?epochs=single", "[\"late\"]");
        assertThat(refusedRun.statusCode()).as(refusedRun.body()).isEqualTo(503);
        assertThat(inFlight).as("the run in flight is still running").isNotDone();
        assertThat(one.isAlive()).isTrue();

        Files.createFile(gate.resolve("open"));

        HttpResponse<String> answered = inFlight.get(120, TimeUnit.SECONDS);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        Set<String> pairs = new HashSet<>();
        JSON.readTree(answered.body()).forEach(pair -> pairs.add(pair.toString()));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            expected.add("[" + i + ",\"item-" + i + "\"]");
        }
        assertThat(pairs).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(JSON.readTree(answered.body()).size()).isEqualTo(items.size());

        one.awaitExit(Duration.ofSeconds(120));
        HttpResponse<String> cluster = await().atMost(Duration.ofSeconds(120))
                .until(
                        () -> get(twoUrl + "/cluster"),
                        response ->
                                JSON.readTree(response.body()).path("members").size() == 1);
        assertThat(cluster.statusCode()).isEqualTo(200);
        HttpResponse<String> after =
                postJson(twoUrl + "/flows/wordcount/run?epochs=single", "[\"to be or not to be\"]");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
        assertThat(JSON.readTree(after.body()).size()).isEqualTo(4);
    }

    private long arrivals() throws IOException {
        try (Stream<Path> files = Files.list(gate)) {
            return files.filter(file -> file.getFileName().toString().startsWith("arrived-"))
                    .count();
        }
    }

    /** Waits until the member is healthy and sees {@code members} members. */
    private static void awaitMember(ChildJvm jvm, String url, int members) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!jvm.isAlive()) {
                fail(jvm + " exited before it was ready; its last output:\n" + jvm.outputTail());
            }
            try {
                HttpResponse<String> cluster = get(url + "/cluster");
                last = "cluster " + cluster.statusCode() + " " + cluster.body();
                if (cluster.statusCode() == 200
                        && JSON.readTree(cluster.body()).path("members").size() == members) {
                    return;
                }
            } catch (UncheckedIOException e) {
                last = e.getMessage(); // not listening yet
            }
            Thread.sleep(250);
        }
        fail(jvm + " was not ready within " + START_TIMEOUT.toSeconds() + " s (last: " + last + "); its last output:\n"
                + jvm.outputTail());
    }

    /** Settings this JVM's environment might hold that would change a member's configuration. */
    private static Set<String> inheritedSettings() {
        Set<String> variables = new HashSet<>();
        for (String variable : System.getenv().keySet()) {
            if (variable.startsWith("SLUICE_")
                    || variable.startsWith("SPRING_")
                    || variable.startsWith("SERVER_")
                    || variable.startsWith("HAZELCAST_")
                    || variable.equals("JAVA_TOOL_OPTIONS")) {
                variables.add(variable);
            }
        }
        return variables;
    }
}
