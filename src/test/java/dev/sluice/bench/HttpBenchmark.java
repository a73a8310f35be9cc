package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.jet.FiniteRun;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.SluiceApplication;
import dev.sluice.server.runs.EpochMode;
import dev.sluice.server.runs.RunService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/**
 * The HTTP service against the Java API on the same warm member: the service in-process on a random
 * port (a cluster of its own, one member, 2 workers), {@code wordcount} run through
 * {@code POST /flows/wordcount/run} and through {@link FiniteRun#onMember} on the member's
 * {@link HazelcastInstance}, outputs checked equal first. Measures the latency of a small run (and
 * of the cold first call), requests/s with concurrent clients, and items/s for a large body. To tell
 * where the HTTP path's time goes, it also times what the controller does without HTTP (read the
 * body, run, write the output), an HTTP request that runs nothing, and the JSON on either side.
 * Contenders alternate within each round. Not a test: run it with
 * {@code bench/run.sh HttpBenchmark [requests] [lines] [clients]}.
 */
public final class HttpBenchmark implements AutoCloseable {

    private static final int WORKERS = 2;
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 5;
    private static final Duration CONCURRENT_DURATION = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    /**
     * A plain blocking client beside the JDK's: the JDK's {@code HttpClient} hands each exchange between
     * its selector thread and an executor, which costs a small request more than the service's own
     * handling does (its {@code GET} floor here is several times Apache's), so a small run's latency is
     * reported through both.
     */
    private final CloseableHttpClient blockingClient = HttpClients.custom()
            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                    .setMaxConnPerRoute(16)
                    .setMaxConnTotal(16)
                    .build())
            .disableAutomaticRetries()
            .build();

    private final URI runUri;
    private final URI flowUri;
    private final HazelcastInstance member;
    private final Dataflow<String, ?> flow;
    private final ObjectMapper mapper;
    private final RunService runs;
    private final ObjectWriter pairWriter;
    private final ConfigurableApplicationContext context;

    private HttpBenchmark(ConfigurableApplicationContext context) {
        this.context = context;
        String base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        this.runUri = URI.create(base + "/flows/wordcount/run");
        this.flowUri = URI.create(base + "/flows/wordcount");
        this.member = context.getBean(HazelcastInstance.class);
        @SuppressWarnings("unchecked")
        Dataflow<String, ?> wordcount = context.getBean("wordcount", Dataflow.class);
        this.flow = wordcount;
        this.mapper = context.getBean(ObjectMapper.class);
        this.runs = context.getBean(RunService.class);
        this.pairWriter = mapper.writerFor(EpochItem.class);
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (HttpBenchmark benchmark = start()) {
            benchmark.run(requests, lines, clients);
        }
    }

    /**
     * Starts the service in this JVM on a random HTTP port, with a cluster of its own (one member on
     * 127.0.0.1, a free port, a unique name) and {@value #WORKERS} workers.
     */
    static HttpBenchmark start() {
        String clusterName = "bench-http-" + UUID.randomUUID();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SluiceApplication.class, BenchFlows.class)
                .run(
                        "--server.port=0",
                        "--sluice.cluster.name=" + clusterName,
                        "--sluice.cluster.port=" + ServiceTestSupport.freePort(),
                        "--sluice.cluster.bind-address=127.0.0.1",
                        "--sluice.workers-per-process=" + WORKERS,
                        "--sluice.run.max-request-bytes=512MB",
                        "--spring.main.banner-mode=off",
                        "--logging.level.root=WARN",
                        "--logging.level.com.hazelcast=ERROR");
        return new HttpBenchmark(context);
    }

    /** The flows the benchmark adds to the stock service's examples. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class BenchFlows {
        /** A stateless run, one output line per input line: what a streamed answer is for. */
        @org.springframework.context.annotation.Bean(UPPER)
        Dataflow<String, ?> upper() {
            return Dataflow.input(String.class).map(String::toUpperCase).capture();
        }
    }

    /** The name of {@link BenchFlows#upper()}. */
    static final String UPPER = "upper";

    /** The base URL of the service, for requests of a section's own. */
    String url(String path) {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port") + path;
    }

    HttpClient client() {
        return client;
    }

    /** Stops the service and its member. */
    @Override
    public void close() {
        try {
            blockingClient.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            context.close();
        }
    }

    HazelcastInstance member() {
        return member;
    }

    /** The service's {@code wordcount} bean. */
    Dataflow<String, ?> flow() {
        return flow;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    static int workers() {
        return WORKERS;
    }

    private void run(int requests, int lines, int clients) throws Exception {
        System.out.printf(
                "# HTTP service vs Java API (FiniteRun.onMember) on one warm member, %d workers "
                        + "(%s, %d cores, %s)%n",
                WORKERS,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                LocalDate.now());

        // --- a small run: 10 lines in one epoch ---
        List<EpochItem<String>> small = Workloads.text(1, 10, 7);
        byte[] smallBody = mapper.writeValueAsBytes(small);
        double coldMillis = millis(() -> post(smallBody));
        checkEqual("10 lines", small, smallBody);
        HttpRequest flowRequest = HttpRequest.newBuilder(flowUri).GET().build();
        HttpGet flowGet = new HttpGet(flowUri);
        List<Supplier<?>> smallContenders = List.of(
                () -> post(smallBody),
                () -> postBlocking(smallBody),
                () -> FiniteRun.onMember(member, flow, small, WORKERS),
                () -> inProcess(smallBody),
                () -> send(flowRequest),
                () -> sendBlocking(flowGet));
        long[][] latencies = new long[smallContenders.size()][requests];
        for (int warm = 0; warm < 2; warm++) {
            for (int i = 0; i < requests; i++) {
                for (int c = 0; c < smallContenders.size(); c++) {
                    long start = System.nanoTime();
                    smallContenders.get(c).get();
                    latencies[c][i] = System.nanoTime() - start;
                }
            }
        }
        for (long[] nanos : latencies) {
            Arrays.sort(nanos);
        }
        System.out.printf(
                "%-52s %10s %10s%n", "10-line wordcount, " + requests + " sequential each", "p50 ms", "p99 ms");
        String[] smallNames = {
            "HTTP POST /flows/wordcount/run (JDK HttpClient)",
            "HTTP POST /flows/wordcount/run (Apache HttpClient 5)",
            "Java API FiniteRun.onMember",
            "controller's path in-process, no HTTP",
            "HTTP floor: GET /flows/wordcount (JDK HttpClient)",
            "HTTP floor: GET /flows/wordcount (Apache HttpClient 5)"
        };
        for (int c = 0; c < smallContenders.size(); c++) {
            System.out.printf(
                    "%-52s %10.2f %10.2f%s%n",
                    "  " + smallNames[c],
                    percentile(latencies[c], 50),
                    percentile(latencies[c], 99),
                    c == 0 ? String.format("   (cold first call %.0f ms)", coldMillis) : "");
        }

        // --- concurrent clients ---
        double perSecond = concurrent(smallBody, clients);
        System.out.printf(
                "%-52s %10.0f requests/s (%d s)%n",
                "  HTTP, " + clients + " concurrent clients", perSecond, CONCURRENT_DURATION.toSeconds());

        // --- a large body: lines across 100 epochs ---
        int epochs = 100;
        List<EpochItem<String>> large = Workloads.text(epochs, lines / epochs, 42);
        byte[] largeBody = mapper.writeValueAsBytes(large);
        int outputPairs = checkEqual(large.size() + " lines", large, largeBody);
        List<EpochItem<Object>> output = FiniteRun.onMember(member, flow, large, WORKERS);
        long outputBytes =
                writePairs(output, new ByteArrayOutputStream(1 << 20)).size();
        List<Supplier<?>> largeContenders = List.of(
                () -> post(largeBody),
                () -> FiniteRun.onMember(member, flow, large, WORKERS),
                () -> inProcess(largeBody),
                () -> runs.readInput(flow, EpochMode.given, new ByteArrayInputStream(largeBody)),
                () -> writePairs(output, new ByteArrayOutputStream(1 << 20)));
        double[][] times = new double[largeContenders.size()][ROUNDS];
        for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
            for (int c = 0; c < largeContenders.size(); c++) {
                double t = millis(largeContenders.get(c));
                if (round >= 0) {
                    times[c][round] = t;
                }
            }
        }
        double httpMillis = median(times[0]);
        double apiMillis = median(times[1]);
        double httpRate = large.size() / (httpMillis / 1000);
        double apiRate = large.size() / (apiMillis / 1000);
        System.out.printf(
                "%-52s %14s %14s %8s%n",
                large.size() + " lines, " + epochs + " epochs (" + largeBody.length / 1024 + " KiB in, " + outputPairs
                        + " pairs out)",
                "HTTP items/s",
                "API items/s",
                "ratio");
        System.out.printf(
                "%-52s %,14.0f %,14.0f %8.2f   (HTTP+JSON: %.0f%% of the request's time)%n",
                "", httpRate, apiRate, httpRate / apiRate, 100 * (1 - httpRate / apiRate));
        System.out.printf("%-52s %10s%n", "  median of " + ROUNDS + " rounds", "ms");
        String[] largeNames = {
            "HTTP request",
            "Java API run",
            "controller's path in-process, no HTTP",
            "  of which reading the body (RunService.readInput)",
            "  of which writing the output (" + outputBytes / 1024 + " KiB)"
        };
        for (int c = 0; c < largeContenders.size(); c++) {
            System.out.printf("%-52s %10.0f%n", "  " + largeNames[c], median(times[c]));
        }
    }

    /** What {@code RunController} does for a body, without HTTP: read it, run it, write the output. */
    private Object inProcess(byte[] body) {
        List<EpochItem<Object>> input = runs.readInput(flow, EpochMode.given, new ByteArrayInputStream(body));
        List<EpochItem<Object>> captured = new ArrayList<>();
        runs.run("wordcount", flow, input, WORKERS, captured::add);
        return writePairs(captured, new ByteArrayOutputStream(8192));
    }

    private ByteArrayOutputStream writePairs(List<EpochItem<Object>> pairs, ByteArrayOutputStream out) {
        try (SequenceWriter writer = pairWriter.writeValuesAsArray(out)) {
            writer.writeAll(pairs);
        }
        return out;
    }

    /** Runs both ways, checks the outputs are the same multiset of JSON pairs, and returns their size. */
    int checkEqual(String what, List<EpochItem<String>> input, byte[] body) {
        Map<String, Integer> viaApi = new HashMap<>();
        List<EpochItem<Object>> pairs = FiniteRun.onMember(member, flow, input, WORKERS);
        for (EpochItem<Object> pair : pairs) {
            viaApi.merge(mapper.readTree(mapper.writeValueAsString(pair)).toString(), 1, Integer::sum);
        }
        Map<String, byte[]> answers = new LinkedHashMap<>();
        answers.put("HTTP (JDK HttpClient)", post(body));
        answers.put("HTTP (Apache HttpClient 5)", postBlocking(body));
        answers.forEach((client, answer) -> {
            Map<String, Integer> viaHttp = new HashMap<>();
            for (JsonNode pair : mapper.readTree(answer)) {
                viaHttp.merge(pair.toString(), 1, Integer::sum);
            }
            if (!viaHttp.equals(viaApi) || viaApi.isEmpty()) {
                throw new AssertionError(what + ": " + client + " and the Java API disagree (" + viaHttp.size() + " vs "
                        + viaApi.size() + " distinct pairs)");
            }
        });
        return pairs.size();
    }

    byte[] post(byte[] body) {
        return send(HttpRequest.newBuilder(runUri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** {@link #post} through Apache HttpClient 5's classic (blocking) client, on a kept-alive connection. */
    byte[] postBlocking(byte[] body) {
        HttpPost post = new HttpPost(runUri);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return sendBlocking(post);
    }

    private byte[] sendBlocking(ClassicHttpRequest request) {
        try {
            return blockingClient.execute(request, response -> {
                byte[] bytes = EntityUtils.toByteArray(response.getEntity());
                if (response.getCode() != 200) {
                    throw new AssertionError("HTTP " + response.getCode() + ": " + new String(bytes));
                }
                return bytes;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] send(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + ": " + new String(response.body()));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Requests/s of {@code clients} threads each posting the body back to back for a while. */
    double concurrent(byte[] body, int clients) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long start = System.nanoTime();
            long deadline = start + CONCURRENT_DURATION.toNanos();
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                Callable<Integer> client = () -> {
                    int count = 0;
                    while (System.nanoTime() < deadline) {
                        post(body);
                        count++;
                    }
                    return count;
                };
                done.add(pool.submit(client));
            }
            long total = 0;
            for (Future<Integer> future : done) {
                total += future.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double millis(Supplier<?> work) {
        long start = System.nanoTime();
        work.get();
        return (System.nanoTime() - start) / 1e6;
    }

    static double percentile(long[] sortedNanos, int percent) {
        int index = Math.max(0, (int) Math.ceil(sortedNanos.length * percent / 100.0) - 1);
        return sortedNanos[index] / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
