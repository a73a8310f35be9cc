package com.example.basket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.Sluice;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * This project's jar dropped into the stock service: two members of {@code sluice-<version>-service.jar}
 * (child JVMs, a cluster of their own on loopback) load it from {@code SLUICE_FLOWS_PATH} and run its
 * flow across both, two workers each, as a finite run and as a job. Then a member without the jar joins
 * instead of one of them: a run or a new job of the flow is a {@code 503} naming that member, and a job
 * of it still running fails saying why, never a wrong answer, while the flows every member has still run.
 */
class BasketDropInIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final String cluster = "dropin-" + UUID.randomUUID();
    private final List<Process> started = new ArrayList<>();
    private final List<Integer> hazelcastPorts = new ArrayList<>();

    record Member(Process process, int httpPort, String address) {
        String url(String path) {
            return "http://127.0.0.1:" + httpPort + path;
        }
    }

    @AfterEach
    void stopMembers() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
        }
        for (Process process : started) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theStockServiceServesADroppedInFlowOnTwoMembersAndRefusesItWhenAMemberLacksIt() throws Exception {
        Path flows = Files.createDirectories(Path.of("target", "flows"));
        Path flowJar = Path.of(System.getProperty("flow.jar"));
        Files.copy(flowJar, flows.resolve(flowJar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        for (int i = 0; i < 3; i++) {
            hazelcastPorts.add(freePort());
        }

        Member one = start(1, flows);
        Member two = start(2, flows);
        awaitMembers(one, 2);
        awaitMembers(two, 2);

        // a finite run across both members, two workers each: the same answer as in one thread
        List<String> lines = new ArrayList<>();
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            String line = "c" + (i % 7) + ":" + (i % 5 + 0.5);
            lines.add(line);
            body.append(i == 0 ? "" : ",").append("[").append(i / 20).append(",\"").append(line).append("\"]");
        }
        body.append("]");
        List<EpochItem<String>> input = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            input.add(EpochItem.of(i / 20, lines.get(i)));
        }
        Set<String> expected = new HashSet<>();
        for (EpochItem<Object> pair : Sluice.run(BasketFlows.basketTotalsFlow(), input)) {
            expected.add(pair.toString());
        }
        HttpResponse<String> run = post(one.url("/flows/basket-totals/run?workers=2"), body.toString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(pairs(run.body())).isEqualTo(expected).hasSize(21);

        // a job on it, fed and read over HTTP, started on the other member
        HttpResponse<String> created = post(
                two.url("/flows/basket-totals/jobs"),
                "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}, \"workersPerProcess\": 2}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = field(created.body(), "id");
        assertThat(post(one.url("/jobs/" + id + "/input"), body.toString()).statusCode())
                .isEqualTo(202);
        assertThat(post(one.url("/jobs/" + id + "/input/close"), null).statusCode()).isEqualTo(202);
        HttpResponse<String> done = await(
                () -> get(two.url("/jobs/" + id)), response -> "COMPLETED".equals(field(response.body(), "status")));
        assertThat(done.body()).contains("\"processes\":2", "\"workers\":4");
        assertThat(pairs(get(one.url("/jobs/" + id + "/output?from=0")).body())).isEqualTo(expected);

        // a job left running: a member without the flow joining would make Jet restart it there
        HttpResponse<String> running = post(one.url("/flows/basket-totals/jobs"), "{\"input\": {\"type\": \"http\"}}");
        assertThat(running.statusCode()).as(running.body()).isEqualTo(201);
        String runningId = field(running.body(), "id");

        // a member without the jar instead of the second: the flow is refused, naming it
        two.process().destroy();
        assertThat(two.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        Member three = start(3, null);
        awaitMembers(one, 2);
        awaitMembers(three, 2);
        HttpResponse<String> failed = await(
                () -> get(one.url("/jobs/" + runningId)), response -> "FAILED".equals(field(response.body(), "status")));
        assertThat(failed.body())
                .contains("flow mismatch: the member " + three.address() + " joined and lacks the flow 'basket-totals'");
        HttpResponse<String> refused = post(one.url("/flows/basket-totals/run"), body.toString());
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body())
                .contains("https://sluice.dev/problems/flow-not-on-every-member")
                .contains("the flow 'basket-totals' is not the same on every member")
                .contains(three.address() + " lacks it");
        HttpResponse<String> refusedJob = post(one.url("/flows/basket-totals/jobs"), "{\"input\": {\"type\": \"http\"}}");
        assertThat(refusedJob.statusCode()).as(refusedJob.body()).isEqualTo(503);
        assertThat(post(three.url("/flows/basket-totals/run"), "[]").statusCode()).isEqualTo(404);
        HttpResponse<String> shared = post(one.url("/flows/wordcount/run?epochs=single&workers=2"), "[\"a b a\"]");
        assertThat(shared.statusCode()).as(shared.body()).isEqualTo(200);
        assertThat(shared.body()).contains("[0,[\"a\",2]]");
    }

    private Member start(int number, Path flows) throws IOException {
        int httpPort = freePort();
        int hazelcastPort = hazelcastPorts.get(number - 1);
        List<String> addresses = new ArrayList<>();
        for (int port : hazelcastPorts) {
            addresses.add("127.0.0.1:" + port);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx384m",
                "-Dsluice.exit-with-parent=true",
                "-Dspring.main.banner-mode=off",
                "-jar",
                System.getProperty("stock.service.jar")));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("SLUICE_"));
        environment.put("SLUICE_CLUSTER_NAME", cluster);
        environment.put("SLUICE_CLUSTER_PORT", Integer.toString(hazelcastPort));
        environment.put("SLUICE_CLUSTER_MEMBERS", String.join(",", addresses));
        environment.put("SLUICE_WORKERS_PER_PROCESS", "2");
        environment.put("SERVER_PORT", Integer.toString(httpPort));
        if (flows != null) {
            environment.put("SLUICE_FLOWS_PATH", flows.toAbsolutePath().toString());
        }
        File log = Path.of("target", "dropin-member-" + number + ".log").toFile();
        // standard input stays a pipe to this JVM: the member exits when it closes (sluice.exit-with-parent)
        builder.redirectErrorStream(true).redirectOutput(log);
        Process process = builder.start();
        started.add(process);
        return new Member(process, httpPort, "127.0.0.1:" + hazelcastPort);
    }

    private static void awaitMembers(Member member, int count) throws Exception {
        await(
                () -> get(member.url("/cluster")),
                response -> response.statusCode() == 200
                        && response.body().split("\"address\"", -1).length - 1 == count);
    }

    private static Set<String> pairs(String body) {
        // [epoch,["customer",total]] as EpochItem's toString writes it: (epoch, (customer, total))
        Set<String> pairs = new HashSet<>();
        Matcher matcher = Pattern.compile("\\[(\\d+),\\[\"([^\"]*)\",([0-9.]+)]]").matcher(body);
        while (matcher.find()) {
            pairs.add("(" + matcher.group(1) + ", (" + matcher.group(2) + ", " + Double.parseDouble(matcher.group(3)) + "))");
        }
        return pairs;
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : null;
    }

    @FunctionalInterface
    interface Call {
        HttpResponse<String> call() throws Exception;
    }

    private static HttpResponse<String> await(Call call, Predicate<HttpResponse<String>> done) throws Exception {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Exception last = null;
        HttpResponse<String> response = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                response = call.call();
                if (done.test(response)) {
                    return response;
                }
            } catch (IOException e) {
                last = e; // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("gave up waiting; last answer: " + (response == null ? last : response.body()));
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(
                request.POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
