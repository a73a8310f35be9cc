package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ClusterRuns;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SequenceWriter;

/**
 * The HTTP service against the Java API on the same warm member: the service in-process on a random
 * port (a cluster of its own, one member, 2 workers), {@code wordcount} run through
 * {@code POST /flows/wordcount/run} and through {@link ClusterRuns#runOn} on the member's
 * {@link HazelcastInstance}, outputs checked equal first. Measures the latency of a small run (and
 * of the cold first call), requests/s with concurrent clients, and items/s for a large body. Not a
 * test: run it with {@code bench/run.sh HttpBenchmark [requests] [lines] [clients]}.
 */
public final class HttpBenchmark {

    private static final int WORKERS = 2;
    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 5;
    private static final Duration CONCURRENT_DURATION = Duration.ofSeconds(10);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI runUri;
    private final HazelcastInstance member;
    private final String clusterName;
    private final Dataflow<String, ?> flow;
    private final ObjectMapper mapper;
    private final RunService runs;

    private HttpBenchmark(ConfigurableApplicationContext context, String clusterName) {
        this.runUri = URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port")
                + "/flows/wordcount/run");
        this.member = context.getBean(HazelcastInstance.class);
        this.clusterName = clusterName;
        @SuppressWarnings("unchecked")
        Dataflow<String, ?> wordcount = context.getBean("wordcount", Dataflow.class);
        this.flow = wordcount;
        this.mapper = context.getBean(ObjectMapper.class);
        this.runs = context.getBean(RunService.class);
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int lines = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        String clusterName = "bench-http-" + UUID.randomUUID();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SluiceApplication.class).run(
                "--server.port=0",
                "--sluice.cluster.name=" + clusterName,
                "--sluice.cluster.port=" + ServiceTestSupport.freePort(),
                "--sluice.cluster.bind-address=127.0.0.1",
                "--sluice.workers-per-process=" + WORKERS,
                "--sluice.run.max-request-bytes=512MB",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.com.hazelcast=ERROR");
        try {
            new HttpBenchmark(context, clusterName).run(requests, lines, clients);
        } finally {
            context.close();
        }
    }

    private void run(int requests, int lines, int clients) throws Exception {
        System.out.printf("# HTTP service vs Java API (ClusterRuns.runOn) on one warm member, %d workers "
                        + "(%s, %d cores, %s)%n", WORKERS,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now());

        // --- a small run: 10 lines in one epoch ---
        List<EpochItem<String>> small = Workloads.text(1, 10, 7);
        byte[] smallBody = mapper.writeValueAsBytes(small);
        double coldMillis = millis(() -> post(smallBody));
        checkEqual("10 lines", small, smallBody);
        for (int i = 0; i < requests; i++) {
            post(smallBody);
            ClusterRuns.runOn(member, clusterName, flow, small, WORKERS);
        }
        long[] http = new long[requests];
        long[] api = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            post(smallBody);
            http[i] = System.nanoTime() - start;
            start = System.nanoTime();
            ClusterRuns.runOn(member, clusterName, flow, small, WORKERS);
            api[i] = System.nanoTime() - start;
        }
        Arrays.sort(http);
        Arrays.sort(api);
        System.out.printf("%-44s %10s %10s%n", "10-line wordcount, " + requests + " sequential", "p50 ms", "p99 ms");
        System.out.printf("%-44s %10.2f %10.2f   (cold first call %.0f ms)%n", "  HTTP POST /flows/wordcount/run",
                percentile(http, 50), percentile(http, 99), coldMillis);
        System.out.printf("%-44s %10.2f %10.2f%n", "  Java API ClusterRuns.runOn", percentile(api, 50),
                percentile(api, 99));

        // --- concurrent clients ---
        double perSecond = concurrent(smallBody, clients);
        System.out.printf("%-44s %10.0f requests/s (%d s)%n", "  HTTP, " + clients + " concurrent clients", perSecond,
                CONCURRENT_DURATION.toSeconds());

        // --- a large body: lines across 100 epochs ---
        int epochs = 100;
        List<EpochItem<String>> large = Workloads.text(epochs, lines / epochs, 42);
        byte[] largeBody = mapper.writeValueAsBytes(large);
        int outputPairs = checkEqual(large.size() + " lines", large, largeBody);
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            millis(() -> post(largeBody));
            millis(() -> ClusterRuns.runOn(member, clusterName, flow, large, WORKERS));
        }
        double[] httpRates = new double[ROUNDS];
        double[] apiRates = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            httpRates[i] = large.size() / (millis(() -> post(largeBody)) / 1000);
            apiRates[i] = large.size() / (millis(() -> ClusterRuns.runOn(member, clusterName, flow, large, WORKERS)) / 1000);
        }
        double httpRate = median(httpRates);
        double apiRate = median(apiRates);
        System.out.printf("%-44s %14s %14s %8s%n", large.size() + " lines, " + epochs + " epochs ("
                + largeBody.length / 1024 + " KiB in, " + outputPairs + " pairs out)", "HTTP items/s", "API items/s",
                "ratio");
        System.out.printf("%-44s %,14.0f %,14.0f %8.2f   (HTTP+JSON: %.0f%% of the request's time)%n", "",
                httpRate, apiRate, httpRate / apiRate, 100 * (1 - httpRate / apiRate));

        // --- where the HTTP path's time goes, in-process: the JSON on either side ---
        double[] parse = new double[ROUNDS];
        double[] write = new double[ROUNDS];
        double[] service = new double[ROUNDS];
        List<EpochItem<Object>> output = ClusterRuns.runOn(member, clusterName, flow, large, WORKERS);
        ObjectWriter pairWriter = mapper.writerFor(EpochItem.class);
        long[] outputBytes = new long[1];
        for (int i = 0; i < WARMUP_ROUNDS + ROUNDS; i++) {
            double p = millis(() -> runs.readInput(flow, EpochMode.given, new ByteArrayInputStream(largeBody)));
            ByteArrayOutputStream sink = new ByteArrayOutputStream(1 << 20);
            double w = millis(() -> {
                try (SequenceWriter pairs = pairWriter.writeValuesAsArray(sink)) {
                    pairs.writeAll(output);
                }
                return null;
            });
            outputBytes[0] = sink.size();
            // What the controller does, without HTTP: read the body, run it, write the output.
            double all = millis(() -> {
                var input = runs.readInput(flow, EpochMode.given, new ByteArrayInputStream(largeBody));
                List<EpochItem<Object>> captured = new ArrayList<>();
                runs.run("wordcount", flow, input, WORKERS, captured::add);
                try (SequenceWriter pairs = pairWriter.writeValuesAsArray(new ByteArrayOutputStream(1 << 20))) {
                    pairs.writeAll(captured);
                }
                return null;
            });
            if (i >= WARMUP_ROUNDS) {
                parse[i - WARMUP_ROUNDS] = p;
                write[i - WARMUP_ROUNDS] = w;
                service[i - WARMUP_ROUNDS] = all;
            }
        }
        double requestMillis = large.size() / httpRate * 1000;
        double runMillis = large.size() / apiRate * 1000;
        System.out.printf("%-44s %10.0f ms%n", "  HTTP request, median", requestMillis);
        System.out.printf("%-44s %10.0f ms%n", "  Java API run, median", runMillis);
        System.out.printf("%-44s %10.0f ms%n", "  reading the body (RunService.readInput)", median(parse));
        System.out.printf("%-44s %10.0f ms   (%d KiB)%n", "  writing the output (pair ObjectWriter)", median(write),
                outputBytes[0] / 1024);
        System.out.printf("%-44s %10.0f ms%n", "  the rest (Tomcat, transfer, copies, GC)",
                requestMillis - runMillis - median(parse) - median(write));
        System.out.printf("%-44s %10.0f ms%n", "  read + run + write in-process, no HTTP", median(service));
    }

    /** Runs both ways, checks the outputs are the same multiset of JSON pairs, and returns their size. */
    private int checkEqual(String what, List<EpochItem<String>> input, byte[] body) {
        Map<String, Integer> viaHttp = new HashMap<>();
        for (JsonNode pair : mapper.readTree(post(body))) {
            viaHttp.merge(pair.toString(), 1, Integer::sum);
        }
        Map<String, Integer> viaApi = new HashMap<>();
        List<EpochItem<Object>> pairs = ClusterRuns.runOn(member, clusterName, flow, input, WORKERS);
        for (EpochItem<Object> pair : pairs) {
            viaApi.merge(mapper.readTree(mapper.writeValueAsString(pair)).toString(), 1, Integer::sum);
        }
        if (!viaHttp.equals(viaApi) || viaApi.isEmpty()) {
            throw new AssertionError(what + ": HTTP and the Java API disagree (" + viaHttp.size() + " vs "
                    + viaApi.size() + " distinct pairs)");
        }
        return pairs.size();
    }

    private byte[] post(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(runUri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
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
    private double concurrent(byte[] body, int clients) throws Exception {
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

    private static double percentile(long[] sortedNanos, int percent) {
        int index = Math.max(0, (int) Math.ceil(sortedNanos.length * percent / 100.0) - 1);
        return sortedNanos[index] / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
