package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.sluice.dataflow.EpochItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile requests against every POST endpoint of SPEC §5: seeded random JSON at random depths, wrong
 * types in pairs, huge numbers, deep nesting, very long strings, invalid UTF-8, truncated, empty and
 * non-JSON bodies, wrong or missing content types, unacceptable {@code Accept} headers, bodies just over
 * {@code sluice.run.max-request-bytes} with and without a declared length, odd job IDs.
 *
 * <p>Every answer must be what the request deserves: never a 5xx, every 4xx an RFC 9457 problem with a
 * status, title and detail and no stack trace, and any wordcount output exactly the counts of what was
 * sent. Afterwards the member must be healthy, a normal run must still be right, no job may have been
 * started by a refused request, and an http job fed throughout must still take input, still complete
 * epochs while it runs, and complete with exactly the output of what it accepted.
 *
 * <p>The requests are generated up front from one seed, which is printed; {@code
 * -Dsluice.robustness.seed=N} replays another run. Part of them are sent by four concurrent clients.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sluice.run.max-request-bytes=256KB")
class RobustnessTest {

    private static final long SEED = Long.getLong("sluice.robustness.seed", 20_260_117L);
    private static final int LIMIT = 256 * 1024;
    private static final int CLIENTS = 4;
    private static final int RANDOM_RUNS_PER_FLOW = 480;
    private static final int RANDOM_JOB_STARTS = 480;
    private static final int RANDOM_INPUTS = 480;
    private static final int RANDOM_CLOSES = 480;

    private static final String RUN = "POST /flows/{name}/run";
    private static final String START = "POST /flows/{name}/jobs";
    private static final String INPUT = "POST /jobs/{id}/input";
    private static final String CLOSE = "POST /jobs/{id}/input/close";

    private static final List<String> FLOWS = List.of("wordcount", "pagerank", "anomaly-detector", "search-session");
    private static final String HTTP_JOB = "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}}";
    /** Wordcount's words (examples.Wordcount), to know what a wordcount run must answer. */
    private static final Pattern WORD = Pattern.compile("[^\\s!,.?\":;0-9]+");
    /** The line an exception's stack trace starts with ({@code "java.lang.Exception: boom\n\tat ..."}). */
    private static final Pattern STACK_TRACE_HEAD = Pattern.compile("Exception:\\r?\\n");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ObjectReader STRINGS =
            JSON.readerFor(String.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) throws IOException {
        ServiceTestSupport.isolatedCluster(registry);
        Path output = Files.createTempDirectory("sluice-robustness");
        registry.add("sluice.examples.output-dir", output::toString);
    }

    /** What a probe's success means to the test. */
    private enum After {
        NOTHING,
        /** a run: the output must parse, and wordcount's must be the counts of the body */
        RUN_OUTPUT,
        /** a job start: the job is the test's to cancel */
        CANCEL_JOB,
        /** input to the live job: what it accepted must come out */
        LIVE_INPUT
    }

    /**
     * One request and what it may get.
     *
     * @param mode for runs: how the body gives epochs ({@code given}, {@code single}, {@code ordered})
     */
    private record Probe(
            String endpoint,
            String kind,
            String path,
            String contentType,
            String accept,
            byte[] body,
            boolean chunked,
            Set<Integer> expected,
            After after,
            String flow,
            String mode) {}

    private final Map<String, Map<Integer, AtomicInteger>> statuses = new ConcurrentHashMap<>();
    private final Failures failures = new Failures();
    private final Set<String> startedJobs = ConcurrentHashMap.newKeySet();
    private final List<byte[]> liveAccepted = new ArrayList<>();
    private final AtomicInteger liveAcceptedPairs = new AtomicInteger();

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    /**
     * One dynamic test per endpoint and kind of probe, so that a failure names what was sent: the fixed
     * cases one at a time, then the random ones by {@value #CLIENTS} concurrent clients (sent together,
     * checked kind by kind), then what must hold afterwards.
     */
    @TestFactory
    Stream<DynamicNode> hostileRequestsGetProblemsAndHarmNothing() {
        System.out.println("[robustness] seed " + SEED + " (replay with -Dsluice.robustness.seed=" + SEED + ")");
        long started = System.nanoTime();

        // the jobs the requests aim at: one fed throughout, one closed at once, one fed by a builder
        String live = startJob("wordcount", HTTP_JOB);
        String closed = startJob("wordcount", HTTP_JOB);
        String builder = startJob(
                "anomaly-detector",
                "{\"input\": {\"type\": \"builder\", \"name\": \"steady-readings\"}, \"output\": {\"type\": \"http\"}}");
        assertThat(send("POST", "/jobs/" + closed + "/input/close", null, null).statusCode())
                .isEqualTo(202);
        byte[] first = "[[0, \"Alpha beta\"], [1, \"alpha\"]]".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> fed = post("/jobs/" + live + "/input", "application/json", first);
        assertThat(fed.statusCode()).as(text(fed)).isEqualTo(202);
        recordLiveInput(first, fed);

        Generator generator = new Generator(new Random(SEED), live, closed, builder);
        List<Probe> sequential = generator.specialCases();
        List<Probe> concurrent = generator.randomCases();

        return Stream.of(
                dynamicContainer("fixed cases, one at a time", byEndpointAndKind(sequential, true)),
                dynamicTest(
                        "random cases, sent by " + CLIENTS + " concurrent clients", () -> sendConcurrently(concurrent)),
                dynamicContainer("random cases", byEndpointAndKind(concurrent, false)),
                dynamicTest(
                        "every endpoint got at least 500 requests",
                        () -> printStatuses(sequential.size() + concurrent.size(), started)),
                dynamicContainer(
                        "afterwards",
                        Stream.of(
                                dynamicTest("the member is still well", this::theMemberIsStillWell),
                                dynamicTest(
                                        "refused requests started no job",
                                        () -> refusedRequestsStartedNoJob(live, closed, builder)),
                                dynamicTest("the live job lost nothing", () -> theLiveJobLostNothing(live)),
                                dynamicTest("the job closed at once completed", () -> {
                                    assertThat(jobStatus(closed)).isEqualTo("COMPLETED");
                                    send("DELETE", "/jobs/" + builder, null, null);
                                }))),
                dynamicTest("no answer was wrong", () -> {
                    failures.first(60).forEach(failure -> System.out.println("[robustness] WRONG: " + failure));
                    assertThat(failures.all())
                            .as(
                                    "%d of the answers were wrong:%n%s",
                                    failures.all().size(), String.join("\n", failures.first(40)))
                            .isEmpty();
                }));
    }

    /**
     * A container per endpoint, a test per kind of probe in it (in the order the kinds first come):
     * with {@code send}, the test sends its probes one at a time, else they were sent already.
     */
    private Stream<DynamicNode> byEndpointAndKind(List<Probe> probes, boolean send) {
        Map<String, Map<String, List<Probe>>> groups = new LinkedHashMap<>();
        for (Probe probe : probes) {
            groups.computeIfAbsent(probe.endpoint(), e -> new LinkedHashMap<>())
                    .computeIfAbsent(probe.kind(), k -> new ArrayList<>())
                    .add(probe);
        }
        return groups.entrySet().stream()
                .map(endpoint -> dynamicContainer(
                        endpoint.getKey(),
                        endpoint.getValue().entrySet().stream()
                                .map(kind -> dynamicTest(
                                        kind.getKey() + " (" + kind.getValue().size() + " requests)", () -> {
                                            if (send) {
                                                kind.getValue().forEach(this::execute);
                                            }
                                            List<String> wrong = failures.of(kind.getValue());
                                            assertThat(wrong)
                                                    .as(
                                                            "%d of the answers to %s [%s] were wrong:%n%s",
                                                            wrong.size(),
                                                            endpoint.getKey(),
                                                            kind.getKey(),
                                                            String.join(
                                                                    "\n",
                                                                    wrong.stream()
                                                                            .limit(20)
                                                                            .toList()))
                                                    .isEmpty();
                                        }))));
    }

    private void sendConcurrently(List<Probe> probes) throws Exception {
        long started = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Probe probe : probes) {
                sent.add(clients.submit(() -> execute(probe)));
            }
            for (Future<?> future : sent) {
                future.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf(
                "[robustness] %d random cases by %d clients in %.1f s%n",
                probes.size(), CLIENTS, (System.nanoTime() - started) / 1e9);
    }

    // --- sending and checking ---

    private void execute(Probe probe) {
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(url(probe.path()))).timeout(Duration.ofSeconds(30));
            if (probe.contentType() != null) {
                request.header("Content-Type", probe.contentType());
            }
            if (probe.accept() != null) {
                request.header("Accept", probe.accept());
            }
            BodyPublisher body = probe.body() == null
                    ? BodyPublishers.noBody()
                    : probe.chunked()
                            ? BodyPublishers.fromPublisher(BodyPublishers.ofByteArray(probe.body()))
                            : BodyPublishers.ofByteArray(probe.body());
            response = CLIENT.send(request.POST(body).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            count(probe.endpoint(), -1);
            if (probe.endpoint().equals(RUN)) {
                count(RUN + " " + probe.flow(), -1);
            }
            failures.add(probe, "no answer (" + e + ")");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        int status = response.statusCode();
        count(probe.endpoint(), status);
        if (probe.endpoint().equals(RUN)) {
            count(RUN + " " + probe.flow(), status);
        }
        String body = text(response);
        if (status >= 500) {
            failures.add(probe, "answered " + status + ": " + abbreviate(body));
        } else if (!probe.expected().contains(status)) {
            failures.add(
                    probe, "answered " + status + ", expected one of " + probe.expected() + ": " + abbreviate(body));
        }
        if (hasStackTrace(body)) {
            failures.add(probe, "the answer holds a stack trace: " + abbreviate(body));
        }
        if (status >= 400) {
            checkProblem(probe, response, body);
        } else if (status < 300) {
            try {
                afterSuccess(probe, response, body);
            } catch (RuntimeException e) {
                failures.add(
                        probe,
                        "the " + status + " answer does not hold what it should: " + e.getMessage() + ": "
                                + abbreviate(body));
            }
        }
    }

    private void checkProblem(Probe probe, HttpResponse<byte[]> response, String body) {
        String type = response.headers().firstValue("Content-Type").orElse("(none)");
        if (!type.startsWith("application/problem+json")) {
            failures.add(
                    probe,
                    response.statusCode() + " is " + type + ", not application/problem+json: " + abbreviate(body));
            return;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(body);
        } catch (RuntimeException e) {
            failures.add(probe, "the problem is not JSON: " + abbreviate(body));
            return;
        }
        JsonNode status = problem.get("status");
        JsonNode title = problem.get("title");
        JsonNode detail = problem.get("detail");
        if (status == null || status.asInt() != response.statusCode()) {
            failures.add(probe, "the problem's status is not " + response.statusCode() + ": " + abbreviate(body));
        }
        if (title == null || !title.isString() || title.asString().isBlank()) {
            failures.add(probe, "the problem has no title: " + abbreviate(body));
        }
        if (detail == null || !detail.isString() || detail.asString().isBlank()) {
            failures.add(probe, "the problem has no detail: " + abbreviate(body));
        } else if (hasStackTrace(detail.asString()) || hasStackTrace(title.asString())) {
            failures.add(probe, "the problem holds a stack trace: " + abbreviate(body));
        } else if (ServiceTestSupport.namesInternals(detail.asString())) {
            failures.add(probe, "the problem's detail names the service's internals: " + abbreviate(body));
        }
        JsonNode problemType = problem.get("type");
        if (problemType == null
                || !problemType.isString()
                || problemType.asString().isBlank()) {
            failures.add(probe, "the problem has no type: " + abbreviate(body));
        }
    }

    private static boolean hasStackTrace(String text) {
        return text.contains("\tat ") || STACK_TRACE_HEAD.matcher(text).find();
    }

    private void afterSuccess(Probe probe, HttpResponse<byte[]> response, String body) {
        switch (probe.after()) {
            case RUN_OUTPUT -> {
                boolean ndjson =
                        response.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson");
                List<JsonNode> pairs = new ArrayList<>();
                if (ndjson) {
                    body.lines().forEach(line -> pairs.add(JSON.readTree(line)));
                } else {
                    JSON.readTree(body).forEach(pairs::add);
                }
                if (probe.flow().equals("wordcount")) {
                    Map<String, Long> expected = wordcount(probe.body(), probe.mode(), new TreeMap<>());
                    Map<String, Long> actual = counts(pairs);
                    if (!actual.equals(expected)) {
                        failures.add(
                                probe,
                                "wordcount answered " + abbreviate(actual.toString()) + ", expected "
                                        + abbreviate(expected.toString()));
                    }
                }
            }
            case CANCEL_JOB -> {
                String id = JSON.readTree(body).get("id").asString();
                startedJobs.add(id);
                if (!response.headers().firstValue("Location").orElse("").equals("/jobs/" + id)) {
                    failures.add(probe, "201 without Location /jobs/" + id);
                }
                HttpResponse<byte[]> cancelled = send("DELETE", "/jobs/" + id, null, null);
                if (cancelled.statusCode() != 202) {
                    failures.add(probe, "cancelling the job it started answered " + cancelled.statusCode());
                }
            }
            case LIVE_INPUT -> recordLiveInput(probe.body(), response);
            case NOTHING -> {}
            default -> throw new IllegalStateException();
        }
    }

    private void recordLiveInput(byte[] body, HttpResponse<byte[]> response) {
        synchronized (liveAccepted) {
            liveAccepted.add(body);
        }
        liveAcceptedPairs.addAndGet(
                JSON.readTree(text(response)).get("accepted").asInt());
    }

    private void count(String endpoint, int status) {
        statuses.computeIfAbsent(endpoint, e -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, s -> new AtomicInteger())
                .incrementAndGet();
    }

    private void printStatuses(int sent, long startedNanos) {
        System.out.printf("[robustness] %d requests in %.1f s%n", sent, (System.nanoTime() - startedNanos) / 1e9);
        List<String> endpoints = new ArrayList<>(List.of(RUN, START, INPUT, CLOSE));
        FLOWS.forEach(flow -> endpoints.add(RUN + " " + flow));
        for (String endpoint : endpoints) {
            Map<Integer, AtomicInteger> byStatus = new TreeMap<>(statuses.getOrDefault(endpoint, Map.of()));
            int total = byStatus.values().stream().mapToInt(AtomicInteger::get).sum();
            System.out.println("[robustness] " + endpoint + ": " + total + " requests, statuses " + byStatus);
            assertThat(total).as(endpoint).isGreaterThanOrEqualTo(500);
        }
    }

    // --- afterwards ---

    private void theMemberIsStillWell() {
        assertThat(text(send("GET", "/actuator/health", null, null))).contains("\"status\":\"UP\"");
        HttpResponse<byte[]> cluster = send("GET", "/cluster", null, null);
        assertThat(cluster.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(text(cluster)).get("members").size()).isEqualTo(1);

        byte[] body = "[[0, \"To be, or not to be\"], [1, \"be\"]]".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> run = post("/flows/wordcount/run", "application/json", body);
        assertThat(run.statusCode()).as(text(run)).isEqualTo(200);
        List<JsonNode> pairs = new ArrayList<>();
        JSON.readTree(text(run)).forEach(pairs::add);
        assertThat(counts(pairs)).isEqualTo(Map.of("0 to", 2L, "0 be", 2L, "0 or", 1L, "0 not", 1L, "1 be", 1L));
    }

    /** Every job there is was started by the test, or by a request that got its 201. */
    private void refusedRequestsStartedNoJob(String... ours) {
        Set<String> expected = ConcurrentHashMap.newKeySet();
        expected.addAll(startedJobs);
        expected.addAll(Arrays.asList(ours));
        Set<String> listed = ConcurrentHashMap.newKeySet();
        JSON.readTree(text(send("GET", "/jobs", null, null)))
                .forEach(job -> listed.add(job.get("id").asString()));
        Set<String> orphans = new TreeSet<>(listed);
        orphans.removeAll(expected);
        assertThat(orphans).as("jobs started by requests that were refused").isEmpty();
        assertThat(listed).as("the jobs of the cluster").containsExactlyInAnyOrderElementsOf(expected);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String id : startedJobs) {
                assertThat(jobStatus(id)).as("job " + id).isIn("CANCELLED", "FAILED", "COMPLETED");
            }
        });
    }

    /**
     * The job fed throughout takes more input, completes an epoch while it runs once a later one is in,
     * and completes after its input is closed with exactly the counts of every body it acknowledged.
     */
    private void theLiveJobLostNothing(String live) throws Exception {
        long highest;
        Map<String, Long> expected = new TreeMap<>();
        synchronized (liveAccepted) {
            for (byte[] body : liveAccepted) {
                wordcount(body, "given", expected);
            }
            highest = liveAccepted.stream()
                    .mapToLong(RobustnessTest::highestEpoch)
                    .max()
                    .orElse(0);
        }
        assertThat(highest).as("the highest epoch the live job accepted").isLessThan(EpochItem.MAX_EPOCH);

        byte[] more = ("[[" + highest + ", \"still here\"]]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> accepted = post("/jobs/" + live + "/input", "application/json", more);
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
        recordLiveInput(more, accepted);
        wordcount(more, "given", expected);
        long upToHighest = expected.size();

        byte[] later = ("[[" + (highest + 1) + ", \"Last words\"]]").getBytes(StandardCharsets.UTF_8);
        accepted = post("/jobs/" + live + "/input", "application/json", later);
        assertThat(accepted.statusCode()).as(text(accepted)).isEqualTo(202);
        recordLiveInput(later, accepted);
        wordcount(later, "given", expected);

        Map<String, Long> beforeLater = new TreeMap<>(expected);
        beforeLater.keySet().removeIf(key -> key.startsWith((highest + 1) + " "));
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> job(live).get("countOut").asLong() >= upToHighest);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, Long> missing = new TreeMap<>(beforeLater);
            missing.keySet().removeAll(counts(outputSoFar(live)).keySet());
            throw new AssertionError(
                    "epochs up to " + highest + " did not complete while the job ran, though epoch " + (highest + 1)
                            + " is in: " + missing.size() + " counts missing, " + abbreviate(missing.toString()));
        }
        assertThat(counts(outputSoFar(live)))
                .as("the output while the job runs")
                .isEqualTo(beforeLater);

        assertThat(send("POST", "/jobs/" + live + "/input/close", null, null).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> jobStatus(live).equals("COMPLETED"));
        assertThat(job(live).get("countIn").asLong()).isEqualTo(liveAcceptedPairs.get());

        HttpResponse<byte[]> output = send("GET", "/jobs/" + live + "/output", null, null);
        List<JsonNode> pairs = new ArrayList<>();
        text(output).lines().forEach(line -> pairs.add(JSON.readTree(line)));
        assertThat(counts(pairs)).isEqualTo(expected);
        System.out.println("[robustness] the live job accepted " + liveAcceptedPairs.get() + " pairs in "
                + liveAccepted.size() + " bodies and gave all " + pairs.size() + " counts");
    }

    /** The output a running job has so far (its output follows the job live, so it is read up to its count). */
    private List<JsonNode> outputSoFar(String id) throws Exception {
        long count = job(id).get("countOut").asLong();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url("/jobs/" + id + "/output")))
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpResponse<Stream<String>> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
        List<JsonNode> pairs = new ArrayList<>();
        try (Stream<String> lines = response.body()) {
            Iterator<String> it = lines.iterator();
            while (pairs.size() < count && it.hasNext()) {
                pairs.add(JSON.readTree(it.next()));
            }
        }
        return pairs;
    }

    private String startJob(String flow, String request) {
        HttpResponse<byte[]> created =
                post("/flows/" + flow + "/jobs", "application/json", request.getBytes(StandardCharsets.UTF_8));
        assertThat(created.statusCode()).as(text(created)).isEqualTo(201);
        return JSON.readTree(text(created)).get("id").asString();
    }

    private JsonNode job(String id) {
        HttpResponse<byte[]> response = send("GET", "/jobs/" + id, null, null);
        assertThat(response.statusCode()).as(text(response)).isEqualTo(200);
        return JSON.readTree(text(response));
    }

    private String jobStatus(String id) {
        return job(id).get("status").asString();
    }

    private HttpResponse<byte[]> post(String path, String contentType, byte[] body) {
        return send("POST", path, contentType, body);
    }

    private HttpResponse<byte[]> send(String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- what wordcount must answer ---

    /**
     * Adds the counts wordcount gives for a body the service took (read as the service reads it:
     * items converted to String by Jackson) to {@code counts}, keyed {@code "epoch word"}.
     */
    private static Map<String, Long> wordcount(byte[] body, String mode, Map<String, Long> counts) {
        try (JsonParser parser = JSON.createParser(body)) {
            parser.nextToken();
            long index = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                long epoch;
                String item;
                if (mode.equals("given")) {
                    parser.nextToken();
                    epoch = parser.getLongValue();
                    parser.nextToken();
                    item = STRINGS.readValue(parser);
                    parser.nextToken();
                } else {
                    epoch = mode.equals("single") ? 0 : index;
                    item = STRINGS.readValue(parser);
                }
                index++;
                Matcher words = WORD.matcher(item.toLowerCase());
                while (words.find()) {
                    counts.merge(epoch + " " + words.group(), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    private static long highestEpoch(byte[] body) {
        long highest = -1;
        for (JsonNode pair : JSON.readTree(body)) {
            highest = Math.max(highest, pair.get(0).asLong());
        }
        return highest;
    }

    /** Wordcount's output {@code [epoch, [word, count]]} as {@code "epoch word" -> count}; a pair twice is an error. */
    private static Map<String, Long> counts(List<JsonNode> pairs) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode pair : pairs) {
            String key = pair.get(0).asLong() + " " + pair.get(1).get(0).asString();
            if (counts.put(key, pair.get(1).get(1).asLong()) != null) {
                throw new IllegalStateException("the output holds " + key + " twice");
            }
        }
        return counts;
    }

    private static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 297) + "...";
    }

    /** Failures from every client thread, by probe. */
    private static final class Failures {
        private final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();
        /** By identity: two probes may be equal (the same request, sent twice). */
        private final Map<Probe, ConcurrentLinkedQueue<String>> byProbe =
                Collections.synchronizedMap(new IdentityHashMap<>());

        void add(Probe probe, String what) {
            String failure = probe.endpoint() + " [" + probe.kind() + "] " + abbreviate(probe.path())
                    + (probe.contentType() == null ? "" : " (Content-Type " + probe.contentType() + ")")
                    + (probe.accept() == null ? "" : " (Accept " + probe.accept() + ")")
                    + (probe.chunked() ? " (chunked)" : "")
                    + (probe.body() == null
                            ? ""
                            : " body " + abbreviate(new String(probe.body(), StandardCharsets.UTF_8)))
                    + ": " + what;
            items.add(failure);
            synchronized (byProbe) {
                byProbe.computeIfAbsent(probe, p -> new ConcurrentLinkedQueue<>())
                        .add(failure);
            }
        }

        List<String> all() {
            return List.copyOf(items);
        }

        List<String> first(int n) {
            return all().stream().limit(n).toList();
        }

        /** What was wrong with the answers to {@code probes}. */
        List<String> of(List<Probe> probes) {
            synchronized (byProbe) {
                return probes.stream()
                        .filter(byProbe::containsKey)
                        .flatMap(probe -> byProbe.get(probe).stream())
                        .toList();
            }
        }
    }

    // --- the requests ---

    /** Generates every request from one seeded {@link Random}, in a fixed order. */
    private static final class Generator {

        private static final Set<Integer> OK_RUN = Set.of(200);
        private static final Set<Integer> ANY_RUN = Set.of(200, 400, 422);
        private static final Set<Integer> BAD = Set.of(400);
        private static final List<String> WRONG_TYPES = Arrays.asList(
                null,
                "text/plain",
                "application/xml",
                "text/html",
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x",
                "application/octet-stream",
                "garbage",
                "application/json; charset=bogus",
                "application/problem+json",
                "application/x-ndjson",
                "text/json");
        private static final List<String> JSON_TYPES = List.of(
                "application/json",
                "application/json",
                "application/json",
                "application/json; charset=UTF-8",
                "Application/JSON",
                "application/json; charset=utf-16",
                "application/json;q=0.5");
        private static final List<String> BAD_ACCEPTS =
                List.of("application/xml", "text/html", "text/plain", "image/png", "application/yaml");
        private static final List<String> WORDS = List.of(
                "the",
                "quick",
                "brown",
                "fox",
                "jumps",
                "over",
                "lazy",
                "dog",
                "Été",
                "naïve",
                "straße",
                "İstanbul",
                "日本語",
                "😀",
                "a\u0301",
                "ΣΊΣΥΦΟΣ",
                "مرحبا",
                "x-y",
                "don't",
                "e.g",
                "#tag",
                "@user",
                "\u200b",
                "\u0000",
                "tab\there",
                "new\nline");
        private static final List<String> HUGE = List.of(
                "1e400",
                "-1e400",
                "18446744073709551616",
                "-0",
                "-0.0",
                "9223372036854775807",
                "9223372036854775808",
                "-9223372036854775809",
                "1.7976931348623157e309",
                "4.9e-400",
                "123456789012345678901234567890",
                "0.000000000000000000000000000001",
                "1E+999999999",
                "2147483648",
                "-2147483649");
        /** Numbers no epoch can be (too large, negative, not integers), and the two the engine reserves. */
        private static final List<String> HUGE_EPOCHS = List.of(
                "1e400",
                "-1e400",
                "18446744073709551616",
                "-0.0",
                "9223372036854775807",
                "9223372036854775806",
                "9223372036854775808",
                "-9223372036854775809",
                "1.7976931348623157e309",
                "123456789012345678901234567890",
                "1E+999999999",
                "-2147483649");

        private static final List<String> BAD_EPOCHS = List.of(
                "\"0\"",
                "0.0",
                "1.5",
                "-1",
                "null",
                "true",
                "{}",
                "[]",
                "18446744073709551616",
                "1e400",
                "9223372036854775808",
                "-9223372036854775809",
                "1e2",
                "00",
                "01",
                "0x10",
                "NaN",
                "Infinity",
                "-",
                "+1",
                "\"\"",
                "[0]");
        private static final List<String> EVENT_TYPES =
                List.of("AppOpen", "Search", "Results", "ClickResult", "AppClose");
        private static final List<byte[]> BAD_UTF8 = List.of(
                new byte[] {(byte) 0xFF},
                new byte[] {(byte) 0xFE},
                new byte[] {(byte) 0xC3, 0x28},
                new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xE2, (byte) 0x82},
                new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98});

        private final Random r;
        private final String live;
        private final String closed;
        private final String builder;
        private long liveEpoch = 2;
        private byte[] lastBadUtf8;

        Generator(Random r, String live, String closed, String builder) {
            this.r = r;
            this.live = live;
            this.closed = closed;
            this.builder = builder;
        }

        // --- fixed cases, sent one at a time ---

        List<Probe> specialCases() {
            List<Probe> probes = new ArrayList<>();
            for (String flow : FLOWS) {
                String path = "/flows/" + flow + "/run";
                for (String mode : List.of("given", "single", "ordered")) {
                    String query = mode.equals("given") ? "" : "?epochs=" + mode;
                    for (boolean chunked : List.of(false, true)) {
                        probes.add(run(
                                "over-limit",
                                path + query,
                                overLimit(flow, mode, LIMIT + 1 + r.nextInt(64)),
                                chunked,
                                Set.of(413),
                                flow,
                                mode));
                    }
                    probes.add(run("deep-nesting", path + query, bytes(nested(10_000)), false, BAD, flow, mode));
                    probes.add(run(
                            "deep-item",
                            path + query,
                            bytes(mode.equals("given") ? "[[0, " + nested(10_000) + "]]" : "[" + nested(10_000) + "]"),
                            false,
                            BAD,
                            flow,
                            mode));
                    probes.add(run("empty", path + query, new byte[0], r.nextBoolean(), BAD, flow, mode));
                    probes.add(run(
                            "lone-surrogate",
                            path + query,
                            bytes(withItems(mode, List.of(loneSurrogateItem(flow)))),
                            false,
                            BAD,
                            flow,
                            mode));
                }
                for (boolean chunked : List.of(false, true)) {
                    probes.add(
                            run("at-the-limit", path, overLimit(flow, "given", LIMIT), chunked, OK_RUN, flow, "given"));
                }
                probes.add(run(
                        "deep-objects",
                        path,
                        bytes("[[0, " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_000) + "]]"),
                        false,
                        BAD,
                        flow,
                        "given"));
                probes.add(run("unclosed-nesting", path, bytes("[".repeat(10_000)), true, BAD, flow, "given"));
                probes.add(run("whitespace", path, bytes(" \n\t "), false, BAD, flow, "given"));
                probes.add(run("null-body", path, bytes("null"), false, BAD, flow, "given"));
                probes.add(run(
                        "max-epoch",
                        path,
                        bytes("[[9223372036854775807, " + validItem(flow) + "]]"),
                        false,
                        BAD,
                        flow,
                        "given"));
                probes.add(run(
                        "above-max-epoch",
                        path,
                        bytes("[[9223372036854775808, " + validItem(flow) + "]]"),
                        false,
                        BAD,
                        flow,
                        "given"));
                for (String query : List.of("?workers=%FF", "?x=%C0%AE", "?epochs=%FE", "?workers=1&x=%ED%A0%80")) {
                    probes.add(run(
                            "undecodable-query",
                            path + query,
                            bytes(validBody(flow, "given")),
                            false,
                            BAD,
                            flow,
                            "given"));
                }
                for (String type : Arrays.asList(null, "text/plain", "application/xml")) {
                    probes.add(new Probe(
                            RUN,
                            "content-type",
                            path,
                            type,
                            null,
                            bytes(validBody(flow, "given")),
                            false,
                            Set.of(415),
                            After.NOTHING,
                            flow,
                            "given"));
                }
                probes.add(new Probe(
                        RUN,
                        "accept",
                        path,
                        "application/json",
                        "application/xml",
                        bytes(validBody(flow, "given")),
                        false,
                        Set.of(406),
                        After.NOTHING,
                        flow,
                        "given"));
            }
            probes.add(run(
                    "no-comma",
                    "/flows/pagerank/run?epochs=single",
                    bytes("[\"a,b\", \"no comma\"]"),
                    false,
                    Set.of(422),
                    "pagerank",
                    "single"));
            // refused at the boundary, before any step sees it (issue 13)
            probes.add(run(
                    "null-item",
                    "/flows/wordcount/run",
                    bytes("[[0, null]]"),
                    false,
                    Set.of(400),
                    "wordcount",
                    "given"));
            probes.add(run(
                    "over-limit-events",
                    "/flows/search-session/run",
                    bytes("[[0, {\"user\": 1, \"type\": \"" + "x".repeat(LIMIT) + "\"}]]"),
                    true,
                    Set.of(413),
                    "search-session",
                    "given"));

            for (boolean chunked : List.of(false, true)) {
                probes.add(start(
                        "over-limit",
                        "/flows/wordcount/jobs",
                        bytes(padded(
                                "{\"input\": {\"type\": \"http\"}, " + "\"pad\": \"",
                                "\"}",
                                LIMIT + 1 + r.nextInt(64))),
                        chunked,
                        Set.of(413)));
                probes.add(start(
                        "over-limit-type",
                        "/flows/wordcount/jobs",
                        bytes(padded("{\"input\": {\"type\": \"", "\"}}", LIMIT + 1)),
                        chunked,
                        Set.of(413)));
                probes.add(start(
                        "at-the-limit",
                        "/flows/wordcount/jobs",
                        bytes(padded("{\"input\": {\"type\": " + "\"http\"}, \"pad\": \"", "\"}", LIMIT)),
                        chunked,
                        Set.of(201)));
            }
            probes.add(start("deep-nesting", "/flows/wordcount/jobs", bytes(nested(10_000)), false, BAD));
            probes.add(start(
                    "deep-objects",
                    "/flows/wordcount/jobs",
                    bytes("{\"input\": " + "{\"a\": ".repeat(10_000) + "1" + "}".repeat(10_001)),
                    false,
                    BAD));
            probes.add(start("empty", "/flows/wordcount/jobs", new byte[0], false, BAD));
            probes.add(start("null-body", "/flows/wordcount/jobs", bytes("null"), false, BAD));
            probes.add(start(
                    "huge-workers", "/flows/wordcount/jobs", bytes("{\"workersPerProcess\": 1e400}"), false, BAD));
            probes.add(start(
                    "long-workers",
                    "/flows/wordcount/jobs",
                    bytes("{\"workersPerProcess\": " + "9".repeat(5000) + "}"),
                    false,
                    BAD));
            probes.add(start(
                    "lone-surrogate",
                    "/flows/wordcount/jobs",
                    bytes("{\"input\": {\"type\": \"\\ud800\"}}"),
                    false,
                    BAD));
            probes.add(start("unknown-flow", "/flows/nope/jobs", bytes(HTTP_JOB), false, Set.of(404)));
            for (String type : Arrays.asList(null, "text/plain", "application/xml")) {
                probes.add(new Probe(
                        START,
                        "content-type",
                        "/flows/wordcount/jobs",
                        type,
                        null,
                        bytes(HTTP_JOB),
                        false,
                        Set.of(415),
                        After.CANCEL_JOB,
                        null,
                        null));
            }
            for (String accept : BAD_ACCEPTS) {
                probes.add(new Probe(
                        START,
                        "accept",
                        "/flows/wordcount/jobs",
                        "application/json",
                        accept,
                        bytes(HTTP_JOB),
                        false,
                        Set.of(406),
                        After.CANCEL_JOB,
                        null,
                        null));
            }

            String liveInput = "/jobs/" + live + "/input";
            for (boolean chunked : List.of(false, true)) {
                probes.add(input(
                        "over-limit",
                        liveInput,
                        overLimit("wordcount", "given", LIMIT + 1 + r.nextInt(64)),
                        chunked,
                        Set.of(413)));
            }
            probes.add(input("deep-nesting", liveInput, bytes(nested(10_000)), false, BAD));
            probes.add(
                    input("deep-item", liveInput, bytes("[[" + liveEpoch + ", " + nested(10_000) + "]]"), false, BAD));
            probes.add(input("empty", liveInput, new byte[0], false, BAD));
            probes.add(input("empty-array", liveInput, bytes("[]"), false, Set.of(202)));
            probes.add(input("max-epoch", liveInput, bytes("[[9223372036854775807, \"end of time\"]]"), false, BAD));
            probes.add(input("lone-surrogate", liveInput, bytes("[[" + liveEpoch + ", \"\\ud800 x\"]]"), false, BAD));
            probes.add(input(
                    "beyond-unicode",
                    liveInput,
                    concat(bytes("[[" + liveEpoch + ", \"a"), BAD_UTF8.get(7), bytes("\"]]")),
                    false,
                    BAD));
            for (String accept : BAD_ACCEPTS) {
                probes.add(new Probe(
                        INPUT,
                        "accept",
                        liveInput,
                        "application/json",
                        accept,
                        bytes("[[" + liveEpoch + ", \"refused\"]]"),
                        false,
                        Set.of(406),
                        After.LIVE_INPUT,
                        null,
                        null));
            }
            for (String type : Arrays.asList(null, "text/plain", "application/xml")) {
                probes.add(new Probe(
                        INPUT,
                        "content-type",
                        liveInput,
                        type,
                        null,
                        bytes("[[" + liveEpoch + ", \"refused\"]]"),
                        false,
                        Set.of(415),
                        After.LIVE_INPUT,
                        null,
                        null));
            }
            probes.add(input("unknown-job", "/jobs/nope/input", bytes("[[0, \"a\"]]"), false, Set.of(404)));
            probes.add(input("closed-job", "/jobs/" + closed + "/input", bytes("[[0, \"a\"]]"), false, Set.of(409)));
            probes.add(input(
                    "builder-job", "/jobs/" + builder + "/input", bytes("[[0, [\"cpu\", 1]]]"), false, Set.of(409)));

            for (String id : List.of("a%2Fb", "a%5Cb", "a%00b", "%FF", "%C0%AE", "x".repeat(9000))) {
                probes.add(close("refused-path", "/jobs/" + id + "/input/close", null, null, null, false, BAD));
            }
            for (String id : List.of(
                    "nope",
                    "%2e%2e",
                    "..;",
                    "a;b=c",
                    "%C3%A9t%C3%A9",
                    "a%20b",
                    "x".repeat(2000),
                    "%F0%9F%98%80",
                    "null",
                    "0",
                    "-1",
                    "sluice-job-1",
                    "%3Cscript%3E")) {
                probes.add(close(
                        "unknown-id",
                        "/jobs/" + id + "/input/close",
                        "application/json",
                        null,
                        bytes("{}"),
                        false,
                        Set.of(404)));
            }
            for (boolean chunked : List.of(false, true)) {
                probes.add(close(
                        "over-limit",
                        "/jobs/" + closed + "/input/close",
                        "application/json",
                        null,
                        overLimit("wordcount", "given", LIMIT + 1),
                        chunked,
                        Set.of(202)));
                probes.add(close(
                        "over-limit",
                        "/jobs/nope/input/close",
                        "application/json",
                        null,
                        overLimit("wordcount", "given", LIMIT + 1),
                        chunked,
                        Set.of(404)));
            }
            probes.add(close("builder-job", "/jobs/" + builder + "/input/close", null, null, null, false, Set.of(409)));
            for (String accept : BAD_ACCEPTS) {
                probes.add(close("accept", "/jobs/" + closed + "/input/close", null, accept, null, false, Set.of(406)));
            }
            return probes;
        }

        // --- random cases, sent by concurrent clients ---

        List<Probe> randomCases() {
            List<Probe> probes = new ArrayList<>();
            for (int i = 0; i < RANDOM_RUNS_PER_FLOW; i++) {
                for (String flow : FLOWS) {
                    probes.add(randomRun(flow));
                }
            }
            for (int i = 0; i < RANDOM_JOB_STARTS; i++) {
                probes.add(randomStart());
            }
            for (int i = 0; i < RANDOM_INPUTS; i++) {
                probes.add(randomInput());
            }
            for (int i = 0; i < RANDOM_CLOSES; i++) {
                probes.add(randomClose());
            }
            return interleaved(probes);
        }

        /**
         * The probes of every endpoint mixed at random, each endpoint's in the order they were made (the
         * live job's epochs rise with that order).
         */
        private List<Probe> interleaved(List<Probe> probes) {
            Map<String, ArrayDeque<Probe>> byEndpoint = new TreeMap<>();
            for (Probe probe : probes) {
                byEndpoint
                        .computeIfAbsent(probe.endpoint(), e -> new ArrayDeque<>())
                        .add(probe);
            }
            List<Probe> mixed = new ArrayList<>(probes.size());
            List<ArrayDeque<Probe>> queues = new ArrayList<>(byEndpoint.values());
            while (!queues.isEmpty()) {
                int at = r.nextInt(queues.size());
                mixed.add(queues.get(at).poll());
                if (queues.get(at).isEmpty()) {
                    queues.remove(at);
                }
            }
            return mixed;
        }

        private Probe randomRun(String flow) {
            String mode = pick("given", "given", "single", "ordered");
            List<String> query = new ArrayList<>();
            boolean badQuery = false; // a parameter that does not convert: refused before the flow is looked up
            boolean badWorkers = false; // workers out of range: refused after the flow is looked up
            if (!mode.equals("given") || r.nextInt(5) == 0) {
                query.add("epochs=" + mode);
            }
            if (r.nextInt(12) == 0) {
                query.removeIf(parameter -> parameter.startsWith("epochs="));
                query.add("epochs=" + pick("weekly", "SINGLE", "%FF", "1", "single,ordered"));
                badQuery = true;
            }
            int workersDraw = r.nextInt(10);
            if (workersDraw < 2) {
                query.add("workers=" + (1 + r.nextInt(4)));
            } else if (workersDraw == 2) {
                String workers =
                        pick("0", "-1", "65", "abc", "1.5", "99999999999", "%FF", "64", "", "+2", "2&workers=3");
                query.add("workers=" + workers);
                // strict since issue 13: "+2" reads as " 2", and a repeated parameter is not one integer
                badQuery |= List.of("abc", "1.5", "99999999999", "%FF", "+2", "2&workers=3")
                        .contains(workers);
                badWorkers = List.of("0", "-1", "65").contains(workers);
            }
            boolean unknown = r.nextInt(40) == 0;
            String name = unknown ? pick("nope", "WORDCOUNT", "word%20count", flow + "-", "%C3%A9") : flow;
            String path = "/flows/" + name + "/run" + (query.isEmpty() ? "" : "?" + String.join("&", query));

            String kind = pick(
                    "random-json",
                    "random-json",
                    "near-valid",
                    "near-valid",
                    "near-valid",
                    "valid",
                    "valid",
                    "truncated",
                    "deep-nesting",
                    "bad-utf8",
                    "bad-utf8",
                    "non-json",
                    "empty",
                    "content-type",
                    "content-type",
                    "accept",
                    "ndjson",
                    "long-string",
                    "huge-numbers",
                    "huge-numbers");
            Set<Integer> expected;
            byte[] body;
            String contentType = pick(JSON_TYPES);
            String accept = pick(null, null, null, "application/json", "*/*", "application/json, */*;q=0.1");
            boolean okFlowBody = true;
            switch (kind) {
                case "random-json" -> {
                    body = bytes(randomJson(r.nextInt(5), false));
                    expected = ANY_RUN;
                }
                case "near-valid" -> {
                    body = bytes(nearValidBody(flow, mode, false));
                    expected = ANY_RUN;
                }
                case "valid", "ndjson" -> {
                    body = bytes(validBody(flow, mode));
                    expected = flow.equals("pagerank") ? Set.of(200, 422) : OK_RUN;
                    if (kind.equals("ndjson")) {
                        accept = "application/x-ndjson";
                    }
                }
                case "truncated" -> {
                    byte[] whole = bytes(validBody(flow, mode));
                    body = Arrays.copyOf(whole, r.nextInt(whole.length));
                    expected = BAD;
                }
                case "deep-nesting" -> {
                    body = bytes(pick(
                            nested(10_000),
                            "[" + nested(5_000) + "]",
                            "[[0, " + nested(2_000) + "]]",
                            "[".repeat(600) + "]".repeat(600)));
                    expected = BAD;
                }
                case "bad-utf8" -> {
                    body = withBadUtf8(bytes(validBody(flow, mode)));
                    expected = BAD;
                }
                case "non-json" -> {
                    body = nonJson();
                    expected = BAD;
                }
                case "empty" -> {
                    body = r.nextBoolean() ? new byte[0] : bytes(pick(" ", "\n", "\r\n\t"));
                    expected = BAD;
                }
                case "content-type" -> {
                    body = bytes(validBody(flow, mode));
                    contentType = pick(WRONG_TYPES);
                    expected = Set.of(415);
                }
                case "accept" -> {
                    body = bytes(validBody(flow, mode));
                    accept = pick(BAD_ACCEPTS);
                    expected = Set.of(406);
                }
                case "long-string" -> {
                    body = bytes(longStringBody(flow, mode));
                    expected = flow.equals("pagerank") ? Set.of(200, 422) : OK_RUN;
                }
                case "huge-numbers" -> {
                    body = bytes(hugeNumbersBody(flow, mode));
                    expected = ANY_RUN;
                }
                default -> throw new IllegalStateException(kind);
            }
            if (!kind.equals("content-type") && !kind.equals("accept")) {
                if (badQuery) {
                    expected = BAD;
                } else if (unknown) {
                    expected = Set.of(404);
                } else if (badWorkers) {
                    expected = BAD;
                }
            } else if (kind.equals("accept") && contentType != null) {
                expected = Set.of(406);
            }
            return new Probe(
                    RUN,
                    kind,
                    path,
                    contentType,
                    accept,
                    body,
                    r.nextInt(8) == 0,
                    expected,
                    After.RUN_OUTPUT,
                    flow,
                    mode);
        }

        private Probe randomStart() {
            boolean unknown = r.nextInt(30) == 0;
            String flow = unknown ? pick("nope", "Wordcount", "%C3%A9", "wordcount%20") : pick(FLOWS);
            String path = "/flows/" + flow + "/jobs";
            String kind = pick(
                    "random-json",
                    "random-json",
                    "near-valid",
                    "near-valid",
                    "near-valid",
                    "near-valid",
                    "valid",
                    "truncated",
                    "deep-nesting",
                    "bad-utf8",
                    "non-json",
                    "empty",
                    "content-type",
                    "accept",
                    "long-string",
                    "huge-numbers");
            String contentType = pick(JSON_TYPES);
            String accept = pick(null, null, "application/json", "*/*");
            byte[] body;
            Set<Integer> expected;
            switch (kind) {
                case "random-json" -> {
                    body = bytes(randomJson(r.nextInt(4), false));
                    expected = Set.of(201, 400);
                }
                case "near-valid" -> {
                    body = bytes(nearValidJobRequest());
                    expected = Set.of(201, 400);
                }
                case "valid" -> {
                    body = bytes(pick(
                            HTTP_JOB,
                            "{}",
                            "{\"workersPerProcess\": 1}",
                            "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"builder\", \"name\": \"file-per-worker\"}}",
                            "{\"output\": {\"type\": \"http\"}, \"workersPerProcess\": " + (1 + r.nextInt(3)) + "}"));
                    expected = Set.of(201);
                }
                case "truncated" -> {
                    byte[] whole = bytes(HTTP_JOB);
                    body = Arrays.copyOf(whole, 1 + r.nextInt(whole.length - 1));
                    expected = BAD;
                }
                case "deep-nesting" -> {
                    body = bytes(pick(
                            nested(10_000),
                            "{\"input\": " + nested(3_000) + "}",
                            "{\"a\": ".repeat(2_000) + "1" + "}".repeat(2_000)));
                    expected = BAD;
                }
                case "bad-utf8" -> {
                    body = withBadUtf8(bytes(HTTP_JOB));
                    // Jackson decodes F4 90 80 80 (beyond U+10FFFF) into two surrogate halves instead of
                    // refusing it; in a job request that lands in a property name, which is ignored
                    expected = lastBadUtf8 == BAD_UTF8.get(7) ? Set.of(201, 400) : BAD;
                }
                case "non-json" -> {
                    body = nonJson();
                    expected = BAD;
                }
                case "empty" -> {
                    body = r.nextBoolean() ? new byte[0] : bytes(pick(" ", "\n", "null"));
                    expected = BAD;
                }
                case "content-type" -> {
                    body = bytes(HTTP_JOB);
                    contentType = pick(WRONG_TYPES);
                    expected = Set.of(415);
                }
                case "accept" -> {
                    body = bytes(HTTP_JOB);
                    accept = pick(BAD_ACCEPTS);
                    expected = Set.of(406);
                }
                case "long-string" -> {
                    String pad = text(false, 1_000 + r.nextInt(60_000));
                    body = bytes(
                            r.nextBoolean()
                                    ? "{\"input\": {\"type\": \"http\"}, \"note\": " + quote(pad, false) + "}"
                                    : "{\"input\": {\"type\": " + quote(pad, false) + "}}");
                    expected = Set.of(201, 400);
                }
                case "huge-numbers" -> {
                    body = bytes("{\"workersPerProcess\": " + pick(HUGE) + "}");
                    expected = Set.of(201, 400);
                }
                default -> throw new IllegalStateException(kind);
            }
            if (unknown && !kind.equals("content-type") && !kind.equals("accept")) {
                // Spring reads a @RequestBody before the flow is looked up: a bad body may be refused first
                expected = kind.equals("valid") ? Set.of(404) : Set.of(400, 404);
            }
            return new Probe(
                    START,
                    kind,
                    path,
                    contentType,
                    accept,
                    body,
                    r.nextInt(8) == 0,
                    expected,
                    After.CANCEL_JOB,
                    null,
                    null);
        }

        private Probe randomInput() {
            liveEpoch += r.nextInt(3);
            int target = r.nextInt(20);
            String id = target == 0 ? randomId() : target == 1 ? closed : target == 2 ? builder : live;
            String path = "/jobs/" + id + "/input";
            String kind = pick(
                    "random-json",
                    "random-json",
                    "near-valid",
                    "near-valid",
                    "near-valid",
                    "valid",
                    "valid",
                    "valid",
                    "truncated",
                    "deep-nesting",
                    "bad-utf8",
                    "non-json",
                    "empty",
                    "content-type",
                    "accept",
                    "long-string",
                    "huge-numbers",
                    "backwards");
            String contentType = pick(JSON_TYPES);
            String accept = pick(null, null, "application/json", "*/*");
            byte[] body;
            Set<Integer> expected;
            switch (kind) {
                case "random-json" -> {
                    body = bytes(randomJson(r.nextInt(5), true));
                    expected = Set.of(202, 400, 409);
                }
                case "near-valid" -> {
                    body = bytes(nearValidBody("wordcount", "given", true));
                    expected = Set.of(202, 400, 409);
                }
                case "valid" -> {
                    body = bytes(livePairs(1 + r.nextInt(6)));
                    expected = Set.of(202, 409);
                }
                case "backwards" -> {
                    body = bytes("[[" + Math.max(0, liveEpoch - 5 - r.nextInt(5)) + ", \"late\"]]");
                    expected = Set.of(202, 409);
                }
                case "truncated" -> {
                    byte[] whole = bytes(livePairs(1 + r.nextInt(4)));
                    body = Arrays.copyOf(whole, r.nextInt(whole.length));
                    expected = BAD;
                }
                case "deep-nesting" -> {
                    body = bytes(pick(nested(10_000), "[[" + liveEpoch + ", " + nested(3_000) + "]]"));
                    expected = BAD;
                }
                case "bad-utf8" -> {
                    body = withBadUtf8(bytes(livePairs(1 + r.nextInt(3))));
                    expected = BAD;
                }
                case "non-json" -> {
                    body = nonJson();
                    expected = BAD;
                }
                case "empty" -> {
                    body = r.nextBoolean() ? new byte[0] : bytes(pick(" ", "null", "{}"));
                    expected = BAD;
                }
                case "content-type" -> {
                    body = bytes(livePairs(1));
                    contentType = pick(WRONG_TYPES);
                    expected = Set.of(415);
                }
                case "accept" -> {
                    body = bytes(livePairs(1));
                    accept = pick(BAD_ACCEPTS);
                    expected = Set.of(406);
                }
                case "long-string" -> {
                    body = bytes("[[" + liveEpoch + ", " + quote(text(false, 1_000 + r.nextInt(60_000)), false) + "]]");
                    expected = Set.of(202, 409);
                }
                case "huge-numbers" -> {
                    body = bytes(
                            r.nextBoolean()
                                    ? "[[" + pick(HUGE_EPOCHS) + ", \"huge epoch\"]]"
                                    : "[[" + liveEpoch + ", " + pick(HUGE) + "]]");
                    expected = Set.of(202, 400, 409);
                }
                default -> throw new IllegalStateException(kind);
            }
            if (!kind.equals("content-type") && !kind.equals("accept")) {
                if (target == 0) {
                    expected = Set.of(404);
                } else if (target == 1 || target == 2) {
                    expected = Set.of(400, 409);
                }
            }
            return new Probe(
                    INPUT,
                    kind,
                    path,
                    contentType,
                    accept,
                    body,
                    r.nextInt(8) == 0,
                    expected,
                    id.equals(live) ? After.LIVE_INPUT : After.NOTHING,
                    null,
                    null);
        }

        private Probe randomClose() {
            int target = r.nextInt(10);
            String id = target == 0 ? closed : target == 1 ? builder : randomId();
            String kind = target == 0 ? "closed-job" : target == 1 ? "builder-job" : "unknown-id";
            Set<Integer> expected = target == 0 ? Set.of(202) : target == 1 ? Set.of(409) : Set.of(404);
            String contentType = pick(
                    null,
                    "application/json",
                    "text/plain",
                    "application/xml",
                    "garbage",
                    "application/x-www-form-urlencoded",
                    "application/json; charset=bogus");
            String accept = pick(null, null, null, "application/json", "*/*");
            if (r.nextInt(15) == 0) {
                accept = pick(BAD_ACCEPTS);
                kind += "+accept";
                expected = Set.of(406);
            }
            byte[] body = switch (r.nextInt(8)) {
                case 0 -> null;
                case 1 -> new byte[0];
                case 2 -> bytes(randomJson(r.nextInt(4), false));
                case 3 -> nonJson();
                case 4 -> withBadUtf8(bytes(HTTP_JOB));
                case 5 -> bytes(nested(10_000));
                case 6 -> bytes("a=%zz&b=" + text(false, 100));
                default -> bytes(text(true, r.nextInt(3_000)));
            };
            return new Probe(
                    CLOSE,
                    kind,
                    "/jobs/" + id + "/input/close",
                    contentType,
                    accept,
                    body,
                    body != null && r.nextInt(6) == 0,
                    expected,
                    After.NOTHING,
                    null,
                    null);
        }

        // --- bodies ---

        private Probe run(
                String kind,
                String path,
                byte[] body,
                boolean chunked,
                Set<Integer> expected,
                String flow,
                String mode) {
            return new Probe(
                    RUN, kind, path, "application/json", null, body, chunked, expected, After.RUN_OUTPUT, flow, mode);
        }

        private Probe start(String kind, String path, byte[] body, boolean chunked, Set<Integer> expected) {
            return new Probe(
                    START, kind, path, "application/json", null, body, chunked, expected, After.CANCEL_JOB, null, null);
        }

        private Probe input(String kind, String path, byte[] body, boolean chunked, Set<Integer> expected) {
            return new Probe(
                    INPUT,
                    kind,
                    path,
                    "application/json",
                    null,
                    body,
                    chunked,
                    expected,
                    path.contains(live) ? After.LIVE_INPUT : After.NOTHING,
                    null,
                    null);
        }

        private Probe close(
                String kind,
                String path,
                String contentType,
                String accept,
                byte[] body,
                boolean chunked,
                Set<Integer> expected) {
            return new Probe(
                    CLOSE, kind, path, contentType, accept, body, chunked, expected, After.NOTHING, null, null);
        }

        /** An unknown job ID: plain, long, odd characters (percent-encoded), or Unicode. */
        private String randomId() {
            return switch (r.nextInt(6)) {
                case 0 -> Long.toHexString(r.nextLong());
                case 1 -> "x".repeat(1 + r.nextInt(2_000));
                case 2 -> pick("%2e%2e", "..;", "a;b=c", "%20", "%3Cscript%3E", "%22%27", "null", "-1", "%E2%80%8B");
                case 3 ->
                    java.net.URLEncoder.encode(
                                    "id " + text(false, 1 + r.nextInt(40)).replaceAll("[/\\\\\\x00]", ""),
                                    StandardCharsets.UTF_8)
                            .replace("+", "%20");
                case 4 -> Integer.toString(r.nextInt());
                default -> "sluice-job-" + r.nextInt(1000);
            };
        }

        /** A valid body of a flow in a mode: {@code [[epoch, item], ...]} or {@code [item, ...]}. */
        String validBody(String flow, String mode) {
            List<String> items = new ArrayList<>();
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) {
                items.add(validItem(flow));
            }
            return withItems(mode, items);
        }

        private String withItems(String mode, List<String> items) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < items.size(); i++) {
                body.append(i == 0 ? "" : ", ");
                if (mode.equals("given")) {
                    body.append('[')
                            .append(epoch())
                            .append(", ")
                            .append(items.get(i))
                            .append(']');
                } else {
                    body.append(items.get(i));
                }
            }
            return body.append(']').toString();
        }

        private String livePairs(int n) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < n; i++) {
                body.append(i == 0 ? "" : ", ")
                        .append('[')
                        .append(liveEpoch + r.nextInt(3))
                        .append(", ")
                        .append(validItem("wordcount"))
                        .append(']');
            }
            return body.append(']').toString();
        }

        private long epoch() {
            return switch (r.nextInt(20)) {
                case 0 -> EpochItem.MAX_EPOCH;
                case 1 -> 1L << 40 + r.nextInt(22);
                default -> r.nextInt(12);
            };
        }

        /** An item the flow's input type takes (pagerank's may lack the comma its step needs). */
        String validItem(String flow) {
            return switch (flow) {
                // strictly a string: a number or a boolean is no line (issue 13), see hostileItem
                case "wordcount" -> quote(text(false, r.nextInt(80)), false);
                case "pagerank" ->
                    quote(
                            r.nextInt(6) == 0
                                    ? text(false, r.nextInt(20))
                                    : node() + pick(",", ", ", " ,", ",,") + node(),
                            false);
                case "anomaly-detector" ->
                    "["
                            + quote(pick("cpu", "mem", "disk", "ünïcödé", "", " ", text(false, 10)), false) + ", "
                            + reading() + "]";
                case "search-session" -> event(false);
                default -> throw new IllegalArgumentException(flow);
            };
        }

        private String loneSurrogateItem(String flow) {
            return switch (flow) {
                case "wordcount" -> "\"a \\ud800 b\"";
                case "pagerank" -> "\"a,\\udc00\"";
                case "anomaly-detector" -> "[\"\\ud83d\", 1]";
                default -> "{\"type\": \"Search\", \"user\": 1, \"note\": \"\\ude00\\ud83d\"}";
            };
        }

        private String node() {
            return pick("a", "b", "c", "d", "home", "about", "日本", "😀", "", " x ");
        }

        private String reading() {
            // finite doubles only: 1e400 reads as infinity and is refused (issue 13)
            return pick(
                    Integer.toString(r.nextInt(100)),
                    Double.toString(r.nextGaussian() * 10),
                    "-0",
                    "4.9e-400",
                    "18446744073709551616",
                    "1.7976931348623157e308",
                    "0",
                    "5",
                    "5.0");
        }

        private String event(boolean hostile) {
            StringBuilder event = new StringBuilder("{");
            List<String> fields = new ArrayList<>();
            fields.add("\"type\": "
                    + (hostile && r.nextInt(3) == 0
                            ? pick("\"Nap\"", "null", "1", "\"search\"", "\"\"", "[]", "{}", "\"Search \"")
                            : "\"" + pick(EVENT_TYPES) + "\""));
            if (!hostile || r.nextInt(6) != 0) {
                fields.add("\"user\": "
                        + (hostile && r.nextInt(3) == 0
                                ? pick("\"1\"", "1.5", "1e400", "null", "true", "2147483648", "[]", "{}", "\"x\"", "-0")
                                : Integer.toString(r.nextInt(5))));
            }
            if (r.nextInt(3) == 0) {
                fields.add(quote(text(false, 8), false) + ": " + (hostile ? randomJson(2, true) : tameJson(2)));
            }
            Collections.shuffle(fields, r);
            event.append(String.join(", ", fields));
            return event.append('}').toString();
        }

        /** A body close to valid: one or two pairs or items broken in a random way. */
        private String nearValidBody(String flow, String mode, boolean noNullItems) {
            int n = 1 + r.nextInt(5);
            List<String> entries = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String item = validItem(flow);
                entries.add(
                        mode.equals("given")
                                ? "[" + (flow.equals("wordcount") && noNullItems ? liveEpoch : epoch()) + ", " + item
                                        + "]"
                                : item);
            }
            int mutations = 1 + r.nextInt(2);
            for (int m = 0; m < mutations; m++) {
                int at = r.nextInt(n);
                String item = hostileItem(flow, noNullItems);
                String epoch = noNullItems ? Long.toString(liveEpoch + r.nextInt(3)) : Long.toString(epoch());
                String mutated = switch (r.nextInt(mode.equals("given") ? 4 : 2)) {
                    case 0 -> mode.equals("given") ? "[" + epoch + ", " + item + "]" : item;
                    case 1 ->
                        mode.equals("given")
                                ? "[" + pick(BAD_EPOCHS) + ", " + validItem(flow) + "]"
                                : "[0, " + validItem(flow) + "]";
                    case 2 ->
                        pick(
                                "[]",
                                "[0]",
                                "[0, " + validItem(flow) + ", 1]",
                                "{\"epoch\": 0}",
                                "0",
                                "\"a\"",
                                "[[0, " + validItem(flow) + "]]",
                                "true");
                    default ->
                        "[" + epoch + ", " + pick("[" + validItem(flow) + "]", "{\"item\": " + validItem(flow) + "}")
                                + "]";
                };
                entries.set(at, mutated);
            }
            return "[" + String.join(", ", entries) + "]";
        }

        private String hostileItem(String flow, boolean noNull) {
            switch (flow) {
                case "anomaly-detector" -> {
                    return pick(
                            "[null, 1]",
                            "[\"k\"]",
                            "[\"k\", 1, 2]",
                            "{\"k\": 1}",
                            "[\"k\", \"v\"]",
                            "[{}, 1]",
                            "[[], 1]",
                            "[true, 1]",
                            "[\"k\", " + pick(HUGE) + "]",
                            "[\"k\", []]",
                            "[]",
                            "[\"k\", null]",
                            "\"k\"",
                            "null");
                }
                case "search-session" -> {
                    return r.nextBoolean() ? event(true) : randomJson(2, noNull);
                }
                default -> {
                    return noNull && r.nextBoolean()
                            ? pick(
                                    "{}",
                                    "[]",
                                    "[\"a\"]",
                                    "{\"a\": \"b\"}",
                                    "1e400",
                                    "true",
                                    "12",
                                    "-0",
                                    "false",
                                    "3.25")
                            : randomJson(2, noNull);
                }
            }
        }

        private String longStringBody(String flow, String mode) {
            String words = text(false, 10_000 + r.nextInt(50_000));
            String item = switch (flow) {
                case "pagerank" ->
                    quote(
                            words + ","
                                    + words.substring(
                                            0,
                                            words.offsetByCodePoints(
                                                    0, Math.min(100, words.codePointCount(0, words.length())))),
                            false);
                case "anomaly-detector" -> "[" + quote(words, false) + ", 1]";
                case "search-session" -> "{\"type\": \"Search\", \"user\": 1, \"query\": " + quote(words, false) + "}";
                default -> quote(words, false);
            };
            return withItems(mode, List.of(item));
        }

        private String hugeNumbersBody(String flow, String mode) {
            String huge = r.nextInt(5) == 0 ? "9".repeat(1_001 + r.nextInt(5_000)) : pick(HUGE);
            if (mode.equals("given") && r.nextBoolean()) {
                return "[[" + huge + ", " + validItem(flow) + "]]";
            }
            String item = switch (flow) {
                case "anomaly-detector" -> r.nextBoolean() ? "[\"k\", " + huge + "]" : "[" + huge + ", 1]";
                case "search-session" -> "{\"type\": \"Search\", \"user\": " + huge + "}";
                default -> huge;
            };
            return withItems(mode, List.of(item));
        }

        /** A body just over (or at) the limit that reads fine up to there, so only its size can refuse it. */
        byte[] overLimit(String flow, String mode, int size) {
            String prefix;
            String suffix;
            boolean given = mode.equals("given");
            switch (flow) {
                case "anomaly-detector" -> {
                    prefix = given ? "[[0, [\"" : "[[\"";
                    suffix = given ? "\", 1.5]]]" : "\", 1.5]]";
                }
                case "search-session" -> {
                    prefix = given
                            ? "[[0, {\"type\": \"AppOpen\", \"user\": 1, \"pad\": \""
                            : "[{\"type\": \"AppOpen\", \"user\": 1, \"pad\": \"";
                    suffix = given ? "\"}]]" : "\"}]";
                }
                case "pagerank" -> {
                    prefix = given ? "[[0, \"a," : "[\"a,";
                    suffix = given ? "\"]]" : "\"]";
                }
                default -> {
                    prefix = given ? "[[0, \"" : "[\"";
                    suffix = given ? "\"]]" : "\"]";
                }
            }
            return bytes(padded(prefix, suffix, size));
        }

        private static String padded(String prefix, String suffix, int size) {
            return prefix + "x".repeat(size - prefix.length() - suffix.length()) + suffix;
        }

        private static String nested(int depth) {
            return "[".repeat(depth) + "]".repeat(depth);
        }

        private byte[] withBadUtf8(byte[] body) {
            byte[] bad = pick(BAD_UTF8);
            lastBadUtf8 = bad;
            int quote = -1;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == '"') {
                    quote = i;
                    break;
                }
            }
            int at = quote >= 0 ? quote + 1 : Math.min(1, body.length);
            return concat(Arrays.copyOf(body, at), bad, Arrays.copyOfRange(body, at, body.length));
        }

        private byte[] nonJson() {
            if (r.nextInt(4) == 0) {
                byte[] noise = new byte[1 + r.nextInt(500)];
                r.nextBytes(noise);
                noise[0] = (byte) pick("x", "<", "#", "\u0001", "}").charAt(0);
                return noise;
            }
            return bytes(pick(
                    "hello world",
                    "<?xml version=\"1.0\"?><pairs><pair epoch=\"0\">a</pair></pairs>",
                    "a=1&b=2",
                    "NaN",
                    "[NaN]",
                    "[[0, 'a']]",
                    "[[0, \"a\"]] junk",
                    "[[0, \"a\"]]]",
                    "/* c */ [[0, \"a\"]]",
                    "\u0000",
                    "[[0, \"a\"],]",
                    "[,]",
                    "[[0 \"a\"]]",
                    "[[0, \"a]]",
                    "[[0, \"a\\x\"]]",
                    "[[0, \"a\\u12\"]]",
                    "]",
                    "[[0, \"a\"]][]",
                    "{\"a\" 1}",
                    "[[0, tru]]",
                    "[[0, \"tab\there\"]]",
                    "---\n- [0, a]\n",
                    "[[0, \"a\"]]\u0000",
                    "0 1 2",
                    "\"[[0, \\\"a\\\"]]\"",
                    "[[0, \"a\"]] [[1, \"b\"]]"));
        }

        /** A job request close to valid: endpoints and workers of the right and the wrong kinds. */
        private String nearValidJobRequest() {
            List<String> fields = new ArrayList<>();
            if (r.nextInt(4) != 0) {
                fields.add("\"input\": " + jobEndpoint());
            }
            if (r.nextInt(4) != 0) {
                fields.add("\"output\": " + jobEndpoint());
            }
            if (r.nextInt(3) == 0) {
                fields.add("\"workersPerProcess\": "
                        + pick(
                                "1",
                                "2",
                                "0",
                                "-1",
                                "65",
                                "\"2\"",
                                "2.5",
                                "true",
                                "\"abc\"",
                                "null",
                                "[]",
                                "{}",
                                "1e400",
                                "18446744073709551616",
                                "-0",
                                "2147483648"));
            }
            if (r.nextInt(4) == 0) {
                fields.add(quote(text(true, 10), true) + ": " + randomJson(2, false));
            }
            Collections.shuffle(fields, r);
            return "{" + String.join(", ", fields) + "}";
        }

        private String jobEndpoint() {
            return pick(
                    "{\"type\": \"http\"}",
                    "{\"type\": \"builder\", \"name\": \"steady-readings\"}",
                    "{\"type\": \"builder\", \"name\": \"file-per-worker\"}",
                    "{\"type\": \"builder\"}",
                    "{\"type\": \"builder\", \"name\": " + quote(text(false, 12), false) + "}",
                    "{\"type\": "
                            + pick("\"HTTP\"", "\"kafka\"", "\"\"", "\"builder \"", "1", "true", "[]", "{}", "null")
                            + "}",
                    "\"http\"",
                    "1",
                    "[]",
                    "null",
                    "{}",
                    "{\"type\": \"http\", \"name\": \"x\"}",
                    "{\"name\": \"steady-readings\"}",
                    randomJson(2, false));
        }

        /** Plain JSON: no nulls, no huge numbers, no broken strings. */
        private String tameJson(int depth) {
            switch (r.nextInt(depth <= 0 ? 3 : 5)) {
                case 0 -> {
                    return Integer.toString(r.nextInt(1000));
                }
                case 1 -> {
                    return quote(text(false, r.nextInt(20)), false);
                }
                case 2 -> {
                    return r.nextBoolean() ? "true" : "false";
                }
                case 3 -> {
                    List<String> elements = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        elements.add(tameJson(depth - 1));
                    }
                    return "[" + String.join(", ", elements) + "]";
                }
                default -> {
                    List<String> members = new ArrayList<>();
                    for (int i = r.nextInt(4); i > 0; i--) {
                        members.add(quote("k" + i, false) + ": " + tameJson(depth - 1));
                    }
                    return "{" + String.join(", ", members) + "}";
                }
            }
        }

        /** Random JSON text: objects, arrays, strings, numbers, booleans and (unless {@code noNull}) nulls. */
        private String randomJson(int depth, boolean noNull) {
            int kind = r.nextInt(depth <= 0 ? 4 : 7);
            switch (kind) {
                case 0 -> {
                    return r.nextInt(4) == 0
                            ? pick(HUGE)
                            : r.nextBoolean()
                                    ? Integer.toString(r.nextInt())
                                    : Double.toString(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
                }
                case 1 -> {
                    return quote(text(true, r.nextInt(r.nextInt(50) == 0 ? 20_000 : 40)), true);
                }
                case 2 -> {
                    return r.nextBoolean() ? "true" : "false";
                }
                case 3 -> {
                    return noNull ? "0" : "null";
                }
                case 4, 5 -> {
                    int n = r.nextInt(5);
                    List<String> elements = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        elements.add(randomJson(depth - 1, noNull));
                    }
                    return "[" + String.join(r.nextBoolean() ? "," : ", ", elements) + "]";
                }
                default -> {
                    int n = r.nextInt(5);
                    List<String> members = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        members.add(quote(text(true, r.nextInt(12)), true) + ": " + randomJson(depth - 1, noNull));
                    }
                    return "{" + String.join(", ", members) + "}";
                }
            }
        }

        /**
         * Random text of about {@code length} chars: words in many scripts, punctuation, control characters,
         * and (if {@code loneSurrogates}) now and then half of a surrogate pair.
         */
        private String text(boolean loneSurrogates, int length) {
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                switch (r.nextInt(12)) {
                    case 0 -> text.append(pick(" ", "  ", "\t", "\n", ",", ".", "!", "?", ":", ";", "\"", "\\", "/"));
                    case 1 -> text.append((char) r.nextInt(0x20));
                    case 2 -> text.appendCodePoint(0x80 + r.nextInt(0x2000));
                    case 3 -> text.appendCodePoint(0x1F300 + r.nextInt(0x300));
                    case 4 -> text.append(r.nextInt(1000));
                    case 5 -> {
                        if (loneSurrogates && r.nextInt(4) == 0) {
                            text.append((char) (0xD800 + r.nextInt(0x800)));
                        } else {
                            text.append(' ');
                        }
                    }
                    default -> text.append(pick(WORDS)).append(' ');
                }
            }
            return text.toString();
        }

        /**
         * A JSON string literal of {@code text}: quotes, backslashes, control characters and surrogates
         * escaped as JSON requires, other characters now and then as {@code \\uXXXX} too (if {@code
         * mixedEscapes}).
         */
        private String quote(String text, boolean mixedEscapes) {
            StringBuilder literal = new StringBuilder(text.length() + 2).append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"' || c == '\\') {
                    literal.append('\\').append(c);
                } else if (c < 0x20 || Character.isSurrogate(c) || (mixedEscapes && r.nextInt(40) == 0)) {
                    literal.append(String.format("\\u%04x", (int) c));
                } else {
                    literal.append(c);
                }
            }
            return literal.append('"').toString();
        }

        @SafeVarargs
        private <T> T pick(T... choices) {
            return choices[r.nextInt(choices.length)];
        }

        private <T> T pick(List<T> choices) {
            return choices.get(r.nextInt(choices.size()));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
