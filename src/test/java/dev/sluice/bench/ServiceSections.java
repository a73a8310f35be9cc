package dev.sluice.bench;

import dev.sluice.bench.BenchmarkSuite.Row;
import dev.sluice.bench.BenchmarkSuite.Section;
import dev.sluice.bench.BenchmarkSuite.Target;
import dev.sluice.bench.BenchmarkSuite.Timing;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.examples.Wordcount;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.jet.FiniteRun;
import dev.sluice.server.ServiceCluster;
import dev.sluice.server.json.SluiceJsonModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service's workloads for {@link BenchmarkSuite}: HTTP on a warm member (the service in this JVM,
 * as {@link HttpBenchmark} starts it), small runs on a 3-member cluster (child JVMs, as the tests'
 * {@link ServiceCluster} starts them) and the CPU of an idle member ({@link IdleMember}, a child JVM).
 */
final class ServiceSections {

    // issue 19's aims
    static final double P50_TARGET_MS = 3;
    static final double P99_TARGET_MS = 10;
    static final double IDLE_TARGET_PERCENT = 1;
    static final int SMALL_LINES = 10;
    static final int CLIENTS = 8;
    static final Duration CONCURRENT_DURATION = Duration.ofSeconds(10);
    /** Small runs alternate HTTP and the Java API in blocks this long, so each block's CPU time is measurable. */
    private static final int BLOCK = 100;

    private ServiceSections() {}

    /** Small-run latency and cold first call, concurrent throughput, and bulk wordcount against raw Jet. */
    static void http(Section section, int requests, int bulkLines) throws Exception {
        try (HttpBenchmark service = HttpBenchmark.start()) {
            smallRuns(section, service, requests);
            concurrent(section, service);
            bulk(section, service, bulkLines);
            streamed(section, service, bulkLines);
        }
    }

    private static void smallRuns(Section section, HttpBenchmark service, int requests) {
        ObjectMapper mapper = service.mapper();
        List<EpochItem<String>> small = Workloads.text(1, SMALL_LINES, 7);
        byte[] body = mapper.writeValueAsBytes(small);
        long coldStart = System.nanoTime();
        service.post(body);
        double coldMillis = (System.nanoTime() - coldStart) / 1e6;
        service.checkEqual(SMALL_LINES + " lines", small, body);
        Dataflow<String, ?> flow = service.flow();
        List<SmallContender> contenders = List.of(
                new SmallContender(
                        "HTTP `POST /flows/wordcount/run`, " + SMALL_LINES
                                + " lines, one request at a time, JDK `HttpClient`",
                        "requests",
                        () -> service.post(body)),
                new SmallContender(
                        "the same, Apache HttpClient 5 (classic, blocking)",
                        "requests",
                        () -> service.postBlocking(body)),
                new SmallContender(
                        "Java API `FiniteRun.onMember` on the same member, same input",
                        "runs",
                        () -> FiniteRun.onMember(service.member(), flow, small, HttpBenchmark.workers())));
        for (int pass = 0; pass < 2; pass++) { // the first pass warms up
            boolean measured = pass == 1;
            for (int from = 0; from < requests; from += BLOCK) {
                int to = Math.min(requests, from + BLOCK);
                for (SmallContender contender : contenders) {
                    block(
                            contender.run,
                            contender.nanos(requests),
                            from,
                            to,
                            measured ? contender.totals : new long[2]);
                }
            }
        }
        for (SmallContender contender : contenders) {
            Arrays.sort(contender.nanos);
            section.rows.add(new Row(
                    contender.name,
                    String.format(
                            Locale.ROOT,
                            "p50 %.2f ms, p99 %.2f ms; %s%s %s/s",
                            contender.percentile(50),
                            contender.percentile(99),
                            contender == contenders.get(0)
                                    ? String.format(Locale.ROOT, "cold first call %.0f ms; ", coldMillis)
                                    : "",
                            BenchmarkSuite.rate(requests / (contender.totals[0] / 1e9)),
                            contender.unit),
                    contender.totals[0] / 1e9,
                    contender.totals[1] / 1e9));
        }
        for (int c = 0; c < 2; c++) {
            SmallContender contender = contenders.get(c);
            String client = c == 0 ? " (JDK HttpClient)" : " (Apache HttpClient 5)";
            double p50 = contender.percentile(50);
            double p99 = contender.percentile(99);
            latencyTargets(section, "10-line run over HTTP", client, p50, p99, P50_TARGET_MS, P99_TARGET_MS);
        }
        section.notes.add(String.format(
                Locale.ROOT,
                "Small runs: %,d requests of each contender after as many as "
                        + "warm-up, alternating in blocks of %d; the cold first call is the service's first run after start-up. "
                        + "A run is a Jet light job on the member whichever way it comes; the difference between the HTTP rows "
                        + "and the Java API's is what HTTP and JSON add, with the client's own cost in it: the JDK's "
                        + "`HttpClient` hands every exchange between its selector thread and an executor, which a plain "
                        + "blocking client (Apache's, one kept-alive connection) does not, so both are shown.",
                requests,
                BLOCK));
    }

    /** One way of making a small run, its latencies and its measured blocks' wall and CPU time. */
    private static final class SmallContender {
        final String name;
        final String unit;
        final Runnable run;
        final long[] totals = new long[2];
        long[] nanos;

        SmallContender(String name, String unit, Runnable run) {
            this.name = name;
            this.unit = unit;
            this.run = run;
        }

        long[] nanos(int requests) {
            if (nanos == null) {
                nanos = new long[requests];
            }
            return nanos;
        }

        double percentile(int p) {
            return HttpBenchmark.percentile(nanos, p);
        }
    }

    /** Runs {@code run} for requests {@code [from, to)}, timing each, and adds the block's wall and CPU time. */
    private static void block(Runnable run, long[] nanos, int from, int to, long[] totals) {
        long cpu = BenchmarkSuite.cpuNanos();
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            long t = System.nanoTime();
            run.run();
            nanos[i] = System.nanoTime() - t;
        }
        totals[0] += System.nanoTime() - start;
        totals[1] += BenchmarkSuite.cpuNanos() - cpu;
    }

    private static void concurrent(Section section, HttpBenchmark service) throws Exception {
        byte[] body = service.mapper().writeValueAsBytes(Workloads.text(1, SMALL_LINES, 7));
        long cpu = BenchmarkSuite.cpuNanos();
        long start = System.nanoTime();
        double perSecond = service.concurrent(body, CLIENTS);
        Timing timing = new Timing(System.nanoTime() - start, BenchmarkSuite.cpuNanos() - cpu);
        section.rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "HTTP, %d concurrent clients, %d-line runs, %d s",
                        CLIENTS,
                        SMALL_LINES,
                        CONCURRENT_DURATION.toSeconds()),
                BenchmarkSuite.rate(perSecond) + " requests/s",
                timing.wallNanos() / 1e9,
                timing.cpuNanos() / 1e9));
    }

    private static void bulk(Section section, HttpBenchmark service, int lines) {
        ObjectMapper mapper = service.mapper();
        List<EpochItem<String>> input = Workloads.text(100, lines / 100, 42);
        byte[] body = mapper.writeValueAsBytes(input);
        String http = "HTTP `POST /flows/wordcount/run`, " + input.size() + "-line body";
        String raw = "raw Jet pipeline fed from the same JSON (parse, rebalance by key, aggregate, write JSON)";
        String rawTwo = "raw Jet pipeline fed from the same JSON (parse, two-stage aggregate, write JSON)";
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        byte[][] output = new byte[1][];
        contenders.put(http, () -> output[0] = service.post(body));
        contenders.put(
                raw,
                () -> output[0] = RawJetWordcount.run(service.member(), mapper, body, HttpBenchmark.workers(), true));
        contenders.put(
                rawTwo,
                () -> output[0] = RawJetWordcount.run(service.member(), mapper, body, HttpBenchmark.workers(), false));
        Map<String, Timing> best = BenchmarkSuite.measure(
                "bulk wordcount", contenders, () -> output[0] = null, () -> pairs(mapper, output[0]));
        BenchmarkSuite.rows(section, best, input.size(), "lines");
        // the same job: the service's wordcount is one aggregation stage after an exchange by key
        BenchmarkSuite.compare(section, best, input.size(), "lines", http, raw, "≥ 1.2");
        BenchmarkSuite.compare(section, best, input.size(), "lines", http, rawTwo, "—");
        section.notes.add(String.format(
                Locale.ROOT,
                "Bulk: a %,d KiB body of %,d lines in 100 epochs; both answers "
                        + "checked to be the same multiset of `[epoch, [word, count]]` pairs. The raw Jet reference does in this "
                        + "JVM what the service does for the request, without HTTP: Jackson's streaming parser over the same "
                        + "bytes, a `Pipeline` on the service's own member with 2 processors a vertex, the output written as "
                        + "JSON.",
                body.length / 1024,
                input.size()));
    }

    /** Issue 19's aim for a run answered as NDJSON: its first bytes at this share of its whole time or sooner. */
    static final double FIRST_BYTES_TARGET = 0.1;

    /**
     * A large stateless run answered as NDJSON (written while the run goes on) against the same run
     * answered as one JSON array (written when it has ended): when the first bytes come, and when the
     * last. Output lines are counted against the input's.
     */
    private static void streamed(Section section, HttpBenchmark service, int lines) {
        List<EpochItem<String>> input = Workloads.text(100, lines / 100, 42);
        byte[] body = service.mapper().writeValueAsBytes(input);
        URI uri = URI.create(service.url("/flows/" + HttpBenchmark.UPPER + "/run"));
        int rounds = BenchmarkSuite.ROUNDS;
        long[][] ndjson = new long[rounds][];
        long[][] json = new long[rounds][];
        long cpu = BenchmarkSuite.cpuNanos();
        long start = System.nanoTime();
        for (int round = -2; round < rounds; round++) { // two rounds warm up
            long[] n = firstAndLast(service.client(), uri, body, "application/x-ndjson", input.size());
            long[] j = firstAndLast(service.client(), uri, body, "application/json", -1);
            if (round >= 0) {
                ndjson[round] = n;
                json[round] = j;
            }
        }
        Timing timing = new Timing(System.nanoTime() - start, BenchmarkSuite.cpuNanos() - cpu);
        double ndjsonFirst = medianMillis(ndjson, 0);
        double ndjsonLast = medianMillis(ndjson, 1);
        double jsonFirst = medianMillis(json, 0);
        double jsonLast = medianMillis(json, 1);
        double share = medianShare(ndjson);
        section.rows.add(new Row(
                "HTTP `POST /flows/upper/run`, " + input.size() + " lines, `Accept: application/x-ndjson`",
                String.format(
                        Locale.ROOT,
                        "first bytes %.0f ms, last %.0f ms (%.2f of it); %s lines/s",
                        ndjsonFirst,
                        ndjsonLast,
                        share,
                        BenchmarkSuite.rate(input.size() / (ndjsonLast / 1e3))),
                timing.wallNanos() / 1e9 / 2,
                timing.cpuNanos() / 1e9 / 2));
        section.rows.add(new Row(
                "the same run, `Accept: application/json` (the answer written after the run)",
                String.format(
                        Locale.ROOT,
                        "first bytes %.0f ms, last %.0f ms (%.2f of it); %s lines/s",
                        jsonFirst,
                        jsonLast,
                        jsonFirst / jsonLast,
                        BenchmarkSuite.rate(input.size() / (jsonLast / 1e3))),
                timing.wallNanos() / 1e9 / 2,
                timing.cpuNanos() / 1e9 / 2));
        section.targets.add(new Target(
                "NDJSON " + input.size() + "-line stateless run: time to first bytes / total",
                String.format(Locale.ROOT, "%.2f", share),
                String.format(Locale.ROOT, "≤ %.1f", FIRST_BYTES_TARGET),
                share <= FIRST_BYTES_TARGET));
        section.notes.add(String.format(
                Locale.ROOT,
                "Streamed: a %,d KiB body of %,d lines in 100 epochs through `upper` (`map(String::toUpperCase)`, a "
                        + "flow the benchmark adds), %d rounds after 2 warm-up rounds, NDJSON and JSON alternating; times "
                        + "from sending the request to the first and the last bytes of the answer (medians; the share is "
                        + "the median of each round's). The body is read whole before the run starts, so the first bytes "
                        + "include reading it. Wall and CPU columns: each contender's half of the section.",
                body.length / 1024,
                input.size(),
                rounds));
    }

    /**
     * Nanoseconds from sending to the first bytes and to the end of the answer; with {@code lines >= 0},
     * checks that the answer has that many lines.
     */
    private static long[] firstAndLast(HttpClient client, URI uri, byte[] body, String accept, int lines) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<java.io.InputStream> response =
                    client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new AssertionError("HTTP " + response.statusCode() + ": "
                            + new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                byte[] buffer = new byte[1 << 16];
                long first = 0;
                long newlines = 0;
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (first == 0 && n > 0) {
                        first = System.nanoTime() - start;
                    }
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            newlines++;
                        }
                    }
                }
                long last = System.nanoTime() - start;
                if (lines >= 0 && newlines != lines) {
                    throw new AssertionError("the NDJSON answer has " + newlines + " lines, not " + lines);
                }
                return new long[] {first, last};
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static double medianMillis(long[][] rounds, int which) {
        return Arrays.stream(rounds).mapToLong(r -> r[which]).sorted().toArray()[rounds.length / 2] / 1e6;
    }

    private static double medianShare(long[][] rounds) {
        return Arrays.stream(rounds)
                .mapToDouble(r -> (double) r[0] / r[1])
                .sorted()
                .toArray()[rounds.length / 2];
    }

    /** The answer's pairs as a multiset of their JSON texts. */
    private static Map<String, Integer> pairs(ObjectMapper mapper, byte[] answer) {
        Map<String, Integer> pairs = new HashMap<>();
        for (JsonNode pair : mapper.readTree(answer)) {
            pairs.merge(pair.toString(), 1, Integer::sum);
        }
        return pairs;
    }

    /** Issue 19's aims for a 10-line run on a 3-member cluster. */
    static final double CLUSTER_P50_TARGET_MS = 6;

    static final double CLUSTER_P99_TARGET_MS = 20;
    static final int CLUSTER_MEMBERS = 3;
    /**
     * The members' extra JVM options, after {@code ServiceCluster}'s: by default the full JIT instead of
     * its quick-start C1 only, since this measures steady-state latency.
     */
    static final String CLUSTER_JVM_OPTIONS = System.getProperty("bench.clusterJvmOptions", "-XX:TieredStopAtLevel=4");

    /**
     * Small-run latency on a cluster of {@value #CLUSTER_MEMBERS} service members in child JVMs: the
     * same 10-line wordcount, one request at a time, to each member in turn; each member's answer
     * checked first against the one-worker result ({@code Sluice.run}).
     */
    static void threeMembers(Section section, int requests) throws Exception {
        JsonMapper json = JsonMapper.builder().addModule(new SluiceJsonModule()).build();
        List<EpochItem<String>> small = Workloads.text(1, SMALL_LINES, 7);
        byte[] body = json.writeValueAsBytes(small);
        Map<String, Integer> expected = pairs(json, json.writeValueAsBytes(Sluice.run(Wordcount.flow(), small)));
        long startNanos = System.nanoTime();
        String quickStart = null;
        ServiceCluster started;
        try {
            started = ServiceCluster.start(
                    "bench-three",
                    CLUSTER_MEMBERS,
                    HttpBenchmark.workers(),
                    List.of(CLUSTER_JVM_OPTIONS.split("\\s+")));
        } catch (AssertionError e) {
            // three JVMs compiling with C2 while they start can take longer than the cluster allows on a busy
            // 2-core machine; a figure with C1-compiled members (slower) beats none, and the note says so
            e.printStackTrace();
            quickStart = String.format(
                    Locale.ROOT,
                    "**The members did not start in time with `%s`** (%s): measured "
                            + "with `ServiceCluster`'s quick-start C1 only, which makes each run slower than with the full JIT.",
                    CLUSTER_JVM_OPTIONS,
                    e.getMessage().lines().findFirst().orElse("").replaceFirst(";? its last output:.*", ""));
            startNanos = System.nanoTime();
            started = ServiceCluster.start("bench-three", CLUSTER_MEMBERS, HttpBenchmark.workers(), List.of());
        }
        try (ServiceCluster cluster = started;
                AutoCloseable memberCpu = BenchmarkSuite.countCpuOf(cluster.members().stream()
                        .map(member -> member.jvm().pid())
                        .toList())) {
            double startSeconds = (System.nanoTime() - startNanos) / 1e9;
            if (quickStart != null) {
                section.notes.add(quickStart);
            }
            List<ServiceCluster.Member> members = cluster.members();
            HttpClient client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            List<HttpRequest> runs = wordcountRuns(members, body);
            double[] coldMillis = new double[members.size()];
            for (int m = 0; m < members.size(); m++) {
                long t = System.nanoTime();
                byte[] answer = send(client, runs.get(m));
                coldMillis[m] = (System.nanoTime() - t) / 1e6;
                if (!pairs(json, answer).equals(expected)) {
                    throw new AssertionError(members.get(m) + " answered " + new String(answer, StandardCharsets.UTF_8)
                            + ", not the one-worker result");
                }
            }
            long[] totals = new long[2];
            long[] nanos = latencies(client, runs, requests, totals);
            double p50 = HttpBenchmark.percentile(nanos, 50);
            double p99 = HttpBenchmark.percentile(nanos, 99);
            section.rows.add(new Row(
                    String.format(
                            Locale.ROOT,
                            "HTTP `POST /flows/wordcount/run`, %d lines, one request "
                                    + "at a time, to each of the %d members in turn",
                            SMALL_LINES,
                            members.size()),
                    String.format(
                            Locale.ROOT,
                            "p50 %.2f ms, p99 %.2f ms, max %.2f ms; first call on each member %s; " + "%s requests/s",
                            p50,
                            p99,
                            nanos[nanos.length - 1] / 1e6,
                            Arrays.stream(coldMillis)
                                    .mapToObj(ms -> String.format(Locale.ROOT, "%.0f ms", ms))
                                    .collect(Collectors.joining(" / ")),
                            BenchmarkSuite.rate(requests / (totals[0] / 1e9))),
                    totals[0] / 1e9,
                    totals[1] / 1e9));
            latencyTargets(
                    section,
                    "10-line run, 3-member cluster",
                    "",
                    p50,
                    p99,
                    CLUSTER_P50_TARGET_MS,
                    CLUSTER_P99_TARGET_MS);
            section.notes.add(String.format(
                    Locale.ROOT,
                    "%,d requests after as many as warm-up; each member's first "
                            + "answer checked to be the one-worker result. A run of at most `sluice.run.in-process-max-items` "
                            + "pairs (1,000) runs in the thread of its request as the whole cluster's %d workers would run it; a "
                            + "larger one is a Jet light job over every member, whichever member takes the request. CPU s counts "
                            + "this JVM (the client) and the members' JVMs. The cluster took %.0f s to start and form.",
                    requests,
                    members.size() * HttpBenchmark.workers(),
                    startSeconds));
            aroundTheInProcessLimit(section, client, members, json, Math.max(20, requests / 5));
        }
        lightJobFloor(section, requests);
    }

    /**
     * The largest run kept in its request's thread ({@code sluice.run.in-process-max-items}, 1,000
     * pairs) beside the smallest that is a Jet light job across the members (1,001): whether the limit
     * sits where the two cost about the same.
     */
    private static void aroundTheInProcessLimit(
            Section section, HttpClient client, List<ServiceCluster.Member> members, JsonMapper json, int requests)
            throws Exception {
        for (int lines : new int[] {IN_PROCESS_MAX_ITEMS, IN_PROCESS_MAX_ITEMS + 1}) {
            List<EpochItem<String>> input = Workloads.text(1, lines, 7);
            byte[] body = json.writeValueAsBytes(input);
            Map<String, Integer> expected = pairs(json, json.writeValueAsBytes(Sluice.run(Wordcount.flow(), input)));
            List<HttpRequest> runs = wordcountRuns(members, body);
            for (HttpRequest run : runs) {
                if (!pairs(json, send(client, run)).equals(expected)) {
                    throw new AssertionError(
                            run.uri() + " did not answer the one-worker result of " + lines + " lines");
                }
            }
            long[] totals = new long[2];
            long[] nanos = latencies(client, runs, requests, totals);
            section.rows.add(new Row(
                    String.format(
                            Locale.ROOT,
                            "the same with %,d lines (%s)",
                            lines,
                            lines <= IN_PROCESS_MAX_ITEMS
                                    ? "the largest run kept in its request's thread"
                                    : "the smallest Jet light job across the members"),
                    String.format(
                            Locale.ROOT,
                            "p50 %.2f ms, p99 %.2f ms; %,d requests",
                            HttpBenchmark.percentile(nanos, 50),
                            HttpBenchmark.percentile(nanos, 99),
                            requests),
                    totals[0] / 1e9,
                    totals[1] / 1e9));
        }
    }

    /** A wordcount run of {@code body} for each member. */
    private static List<HttpRequest> wordcountRuns(List<ServiceCluster.Member> members, byte[] body) {
        return members.stream()
                .map(member -> HttpRequest.newBuilder(URI.create(member.url("/flows/wordcount/run")))
                        .timeout(Duration.ofMinutes(1))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build())
                .toList();
    }

    /** The service's default {@code sluice.run.in-process-max-items}. */
    private static final int IN_PROCESS_MAX_ITEMS = 1000;

    /**
     * Sends {@code requests} requests, one at a time, to each of {@code runs} in turn, twice (the first
     * pass warms up), and returns the second pass's latencies, sorted; {@code totals} gets its wall
     * and CPU nanoseconds.
     */
    private static long[] latencies(HttpClient client, List<HttpRequest> runs, int requests, long[] totals) {
        long[] nanos = new long[requests];
        for (int pass = 0; pass < 2; pass++) {
            long cpu = BenchmarkSuite.cpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                send(client, runs.get(i % runs.size()));
                nanos[i] = System.nanoTime() - t;
            }
            totals[0] = System.nanoTime() - start;
            totals[1] = BenchmarkSuite.cpuNanos() - cpu;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /** The floor under a small run on every member: {@link LightJobFloor} on as many processes. */
    private static void lightJobFloor(Section section, int requests) throws Exception {
        LightJobFloor.Result floor = LightJobFloor.measure(CLUSTER_MEMBERS, requests);
        long[] floorNanos = floor.sortedNanos();
        section.rows.add(new Row(
                String.format(
                        Locale.ROOT,
                        "raw Jet light job of two no-op vertices (distributed edge), %d processes, from one",
                        CLUSTER_MEMBERS),
                String.format(
                        Locale.ROOT,
                        "p50 %.2f ms, p99 %.2f ms, max %.2f ms",
                        HttpBenchmark.percentile(floorNanos, 50),
                        HttpBenchmark.percentile(floorNanos, 99),
                        floorNanos[floorNanos.length - 1] / 1e6),
                floor.wallSeconds(),
                floor.cpuSeconds()));
        section.notes.add(String.format(
                Locale.ROOT,
                "The raw Jet row is the floor under a run on every member: %,d light jobs that carry nothing "
                        + "(a member in this JVM, %d in child JVMs, configured as the benchmarks' other clusters; after "
                        + "as many as warm-up), each started on every member, ended and waited for, one at a time. "
                        + "Its CPU s counts this JVM and its child JVMs.",
                requests,
                CLUSTER_MEMBERS - 1));
    }

    /** The targets "{@code what}, p50{@code suffix}" and "…, p99…": met at or below the given milliseconds. */
    private static void latencyTargets(
            Section section, String what, String suffix, double p50, double p99, double p50Max, double p99Max) {
        section.targets.add(latencyTarget(what + ", p50" + suffix, p50, p50Max));
        section.targets.add(latencyTarget(what + ", p99" + suffix, p99, p99Max));
    }

    private static Target latencyTarget(String what, double millis, double maxMillis) {
        return new Target(
                what,
                String.format(Locale.ROOT, "%.2f ms", millis),
                String.format(Locale.ROOT, "≤ %.0f ms", maxMillis),
                millis <= maxMillis);
    }

    private static byte[] send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("HTTP " + response.statusCode() + " from " + request.uri() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The CPU of an idle service member in a child JVM, against the 2% target. */
    static void idle(Section section, Duration window) throws Exception {
        IdleMember.Result idle = IdleMember.measure(IdleMember.SETTLE, window);
        section.rows.add(new Row(
                "idle service member (child JVM, no traffic)",
                String.format(Locale.ROOT, "%.2f%% of one core", idle.percentOfOneCore()),
                idle.wallSeconds(),
                idle.cpuSeconds()));
        section.targets.add(new Target(
                "idle member CPU",
                String.format(Locale.ROOT, "%.2f%% of one core", idle.percentOfOneCore()),
                String.format(Locale.ROOT, "< %.0f%%", IDLE_TARGET_PERCENT),
                idle.percentOfOneCore() < IDLE_TARGET_PERCENT));
        section.notes.add("Threads that used CPU in the window (from two `jcmd Thread.print` snapshots; digits in "
                + "names shown as N): " + String.join(", ", idle.busiestThreads()) + ".");
    }
}
