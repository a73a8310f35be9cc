package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.examples.AnomalyDetector;
import dev.sluice.examples.AnomalyDetectorLoop;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.jet.JetDataflow;
import dev.sluice.execution.jet.JetDriverBenchmark;
import dev.sluice.execution.local.LocalDriver;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every benchmark of the project, one after the other, writing {@code BENCHMARKS.md} and
 * {@code bench-chart.svg}: the in-JVM workloads here, the two-process ones in {@link ClusterSections}, the
 * service's in {@link ServiceSections}. Run it with {@code bench/all.sh} (see the README). Each workload's
 * contenders first run once and their outputs are checked equal; then each runs once as warm-up; then
 * {@value #ROUNDS} rounds with the contenders alternating. A contender's figure is its best round: wall
 * time, and the process CPU time (every thread: workers, GC, JIT) spent in that same round.
 *
 * <p>Arguments: {@code [output directory, default .]}. JVM options: {@code -Dbench.numbers=N} (stateless
 * chain items, default 10M), {@code -Dbench.churnEpochs=N} (default 100k), {@code -Dbench.churnEpochsTwoJvms=N}
 * (1,000-item epochs across two JVMs, default 10k), {@code -Dbench.httpRequests=N} (default 1,000),
 * {@code -Dbench.httpBulkLines=N} (default 200k), {@code -Dbench.idleSeconds=N} (default 20),
 * {@code -Dbench.pacedSeconds=N} (the paced epoch close across two JVMs, default 5 s at each pace),
 * {@code -Dbench.clusterRequests=N} (10-line runs on a 3-member service cluster, default 1,000) and
 * {@code -Dbench.groups=} some of {@value #GROUPS}.
 *
 * <p>Flink's contenders ({@link FlinkContenders}) take part in the in-JVM workloads when the build has
 * them (the Maven profile {@code flink}, as {@code bench/all.sh} builds); otherwise those workloads
 * say Flink was not measured.
 */
public final class BenchmarkSuite {

    static final int ROUNDS = 5;
    /** Every group of workloads, in the order they run; {@code -Dbench.groups} picks some. */
    static final String GROUPS = "one-jvm,two-jvms,paced,http,service-cluster,idle";

    static final String JET = "sluice jet driver (1 member × 2 workers)";

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private BenchmarkSuite() {}

    // --- results ---

    /** Wall and process CPU nanoseconds of one run. */
    record Timing(long wallNanos, long cpuNanos) {}

    /** One contender's row: its rate in {@code unit}/s, wall and CPU seconds. */
    record Row(String contender, String figure, double wallSeconds, double cpuSeconds) {}

    /** Ours against a reference: {@code ratio} is ours over the reference's, higher is better for us. */
    record Comparison(
            String ours, String oursFigure, String reference, String referenceFigure, double ratio, String aim) {}

    /**
     * A figure against an absolute target of issue 5 or 19 (a latency, a CPU share): met or not, never a
     * ratio, because "1 µs against a 1 ms target" is not "1000× as good" at anything.
     */
    record Target(String what, String figure, String target, boolean met) {}

    static final class Section {
        final String title;
        final String setup;
        final List<Row> rows = new ArrayList<>();
        final List<Comparison> comparisons = new ArrayList<>();
        final List<Target> targets = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        String notMeasured;

        Section(String title, String setup) {
            this.title = title;
            this.setup = setup;
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : ".");
        long numbers = Long.getLong("bench.numbers", 10_000_000L);
        int churnEpochs = Integer.getInteger("bench.churnEpochs", 100_000);
        int churnEpochsTwoJvms = Integer.getInteger("bench.churnEpochsTwoJvms", 10_000);
        int httpRequests = Integer.getInteger("bench.httpRequests", 1_000);
        int httpBulkLines = Integer.getInteger("bench.httpBulkLines", 200_000);
        int idleSeconds = Integer.getInteger("bench.idleSeconds", 20);
        long suiteStart = System.nanoTime();
        double loadBefore = OS.getSystemLoadAverage();
        List<Section> sections = new ArrayList<>();
        int pacedSeconds = Integer.getInteger("bench.pacedSeconds", 5);
        int clusterRequests = Integer.getInteger("bench.clusterRequests", 1_000);
        // -Dbench.groups=one-jvm,two-jvms,... runs some groups only (to try a change; the file then says so)
        Set<String> groups = Set.of(System.getProperty("bench.groups", GROUPS).split(","));
        JetDriverBenchmark.setNumbers(numbers);
        if (groups.contains("one-jvm")) {
            oneJvm(sections, numbers, churnEpochs);
        }
        if (groups.contains("two-jvms") || groups.contains("paced")) {
            twoJvms(sections, groups, churnEpochs, churnEpochsTwoJvms, pacedSeconds);
        }
        if (groups.contains("http")) {
            sections.add(guard(
                    new Section(
                            "HTTP on a warm member",
                            "The service (`SluiceApplication`) in this JVM on a random port, a one-member cluster of its own with "
                                    + "2 workers, driven by `HttpClient` over loopback (HTTP/1.1), as "
                                    + "`bench/run.sh HttpBenchmark` does."),
                    s -> ServiceSections.http(s, httpRequests, httpBulkLines)));
        }
        if (groups.contains("service-cluster")) {
            sections.add(guard(
                    new Section(
                            "HTTP on a 3-member service cluster",
                            "Three service members (`SluiceApplication`), each a child JVM with 2 workers, configured as "
                                    + "`docker-compose.yml` configures them (environment variables; loopback, free ports, a "
                                    + "cluster name of their own), started as the tests' `ServiceCluster` starts them, with `"
                                    + ServiceSections.CLUSTER_JVM_OPTIONS
                                    + "` after its options (the default is the full JIT "
                                    + "instead of its quick-start C1 only; `-Dbench.clusterJvmOptions=` changes it). This JVM is "
                                    + "only the client (`HttpClient`, HTTP/1.1)."),
                    s -> ServiceSections.threeMembers(s, clusterRequests)));
        }
        if (groups.contains("idle")) {
            sections.add(guard(
                    new Section(
                            "Idle member CPU",
                            String.format(
                                    Locale.ROOT,
                                    "The service in a child JVM (Tomcat, a Hazelcast member with Jet, 2 "
                                            + "workers), started, answering its health check, left %d s to settle, then watched for %d s "
                                            + "with no traffic. CPU from `/proc/<pid>/stat` (10 ms ticks).",
                                    IdleMember.SETTLE.toSeconds(),
                                    idleSeconds)),
                    s -> ServiceSections.idle(s, Duration.ofSeconds(idleSeconds))));
        }
        double seconds = (System.nanoTime() - suiteStart) / 1e9;
        double loadAfter = OS.getSystemLoadAverage();
        Files.writeString(dir.resolve("bench-chart.svg"), chart(sections), StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve("BENCHMARKS.md"),
                markdown(sections, seconds, numbers, loadBefore, loadAfter),
                StandardCharsets.UTF_8);
        System.out.printf(
                Locale.ROOT,
                "wrote %s and %s in %.0f s%n",
                dir.resolve("BENCHMARKS.md"),
                dir.resolve("bench-chart.svg"),
                seconds);
        System.exit(0);
    }

    /** The workloads in this JVM alone, on one Jet member with 2 workers (and Flink's MiniCluster beside it). */
    private static void oneJvm(List<Section> sections, long numbers, int churnEpochs) {
        try (JetDriverBenchmark.Member member = JetDriverBenchmark.Member.start();
                Flink flink = Flink.start()) {
            HazelcastInstance hz = member.hz;
            sections.add(guard(
                    new Section(
                            "Stateless chain",
                            String.format(
                                    Locale.ROOT,
                                    "`map → filter → flatMap → map` over %,d boxed longs in 100 epochs; output checked as count and sum.",
                                    numbers)),
                    s -> stateless(s, hz, flink, numbers)));
            sections.add(guard(
                    new Section(
                            "Wordcount (`reduceEpoch`)",
                            String.format(
                                    Locale.ROOT,
                                    "%,d generated lines (%,d words, 2,000-word vocabulary) in 100 epochs: lower-case, tokens, "
                                            + "`(word, 1)`, per-epoch sum. Output checked as every (epoch, word) count.",
                                    JetDriverBenchmark.wordcountLines(),
                                    JetDriverBenchmark.wordcountWords())),
                    s -> wordcount(s, hz, flink)));
            for (int keys : new int[] {1_000, 1_000_000}) {
                sections.add(guard(
                        new Section(
                                String.format(Locale.ROOT, "Keyed `statefulMap`: anomaly detector, %,d keys", keys),
                                String.format(
                                                Locale.ROOT,
                                                "`AnomalyDetector.flow()` over %,d readings, %,d keys, each key once per "
                                                        + "epoch (%,d epochs); the loop drives the same detector class from a `HashMap`. "
                                                        + "Output checked as count, anomalies and a hash of every (key, mean).",
                                                READINGS,
                                                keys,
                                                READINGS / keys)
                                        + (keys == READINGS
                                                ? " Each key is seen once, so no reading can be anomalous: this "
                                                        + "one measures state creation per key."
                                                : "")),
                        s -> anomaly(s, hz, flink, keys)));
            }
            for (int perEpoch : new int[] {1, 1_000}) {
                sections.add(guard(
                        new Section(
                                String.format(
                                        Locale.ROOT,
                                        "Epoch churn, local driver: %,d epochs of %,d item%s",
                                        churnEpochs,
                                        perEpoch,
                                        perEpoch == 1 ? "" : "s"),
                                "`input → mapToKeyValue → reduceEpoch(sum)` on the `LocalDriver`: push an epoch's items, then "
                                        + "`advanceTo(next epoch)`, then `readOutput()`. Latency: from just before the epoch's last "
                                        + "item is pushed until its sum has been read; 10% of the epochs first as warm-up."),
                        s -> churnLocal(s, churnEpochs, perEpoch)));
            }
            for (int perEpoch : new int[] {1, 1_000}) {
                sections.add(guard(
                        new Section(
                                String.format(
                                        Locale.ROOT,
                                        "Epoch churn, Jet driver: %,d epochs of %,d item%s",
                                        churnEpochs,
                                        perEpoch,
                                        perEpoch == 1 ? "" : "s"),
                                "`keyValueInput → reduceEpoch(max)` on the Jet driver (1 member × 2 workers; worker 0 reads every "
                                        + "item, worker 1 none). Each item carries `System.nanoTime()` taken when the source reads "
                                        + "it; the output records its receipt time, so the latency runs from the epoch's last item "
                                        + "to its aggregate. The source reads as fast as it can: this is latency under full load "
                                        + "(queueing included), not of an idle pipeline. 10% of the epochs first as warm-up."),
                        s -> churnJet(s, hz, churnEpochs, perEpoch)));
            }
        }
    }

    /**
     * The workloads that need a second JVM: flat-out epoch churn and wordcount on two processes against
     * one (group {@code two-jvms}), and the paced epoch close (group {@code paced}). If the two-process
     * cluster cannot start, they are marked not measured.
     */
    private static void twoJvms(
            List<Section> sections, Set<String> groups, int churnEpochs, int churnEpochsTwoJvms, int pacedSeconds) {
        try (LoopbackCluster two = LoopbackCluster.start(2);
                AutoCloseable childCpu = countCpuOf(two.childPids())) {
            if (groups.contains("two-jvms")) {
                churnTwoJvms(sections, two, churnEpochs, churnEpochsTwoJvms);
            }
            if (groups.contains("paced")) {
                for (int perSecond : new int[] {1_000, 100}) {
                    sections.add(guard(
                            new Section(
                                    String.format(
                                            Locale.ROOT, "Epoch close, two JVMs, paced at %,d epochs/s", perSecond),
                                    String.format(
                                            Locale.ROOT,
                                            "The flow and processes of the churn across two JVMs (`keyValueInput → reduceEpoch(max)`, "
                                                    + "one worker in each process, worker w reading the items i with i %% 2 == w, "
                                                    + "each stamped with `System.nanoTime()` as it is read), but the input paced: "
                                                    + "%,d epochs of %d items, epoch e released at start + e / %,d s on the clock "
                                                    + "both JVMs share, and each worker says it has reached e + 1 "
                                                    + "(`EpochItem.advanceTo`) as soon as it has read its items of e, then waits for "
                                                    + "the next release. So an epoch can close as soon as its last item is read, "
                                                    + "and at this pace nothing queues: the latency, from the epoch's last item to "
                                                    + "its aggregate at the worker holding the key, is the pipeline's (progress "
                                                    + "crossing processes, the key's items from the other process crossing the "
                                                    + "network). One second at the pace first as warm-up; `-Dbench.pacedSeconds=N` "
                                                    + "changes the measured run (%d s).",
                                            perSecond * pacedSeconds,
                                            ClusterSections.PACED_ITEMS_PER_EPOCH,
                                            perSecond,
                                            pacedSeconds)),
                            s -> ClusterSections.paced(s, two, perSecond, pacedSeconds)));
                }
            }
            if (groups.contains("two-jvms")) {
                sections.add(guard(
                        new Section(
                                "Wordcount: two processes on loopback vs one process",
                                "The Jet driver with the same total workers, 2 processes × 1 worker against 1 process × 2 "
                                        + "workers: the cost of the network path, and bytes per record on the wire."),
                        s -> {
                            try (LoopbackCluster one = LoopbackCluster.start(1)) {
                                ClusterSections.wordcount(s, one, two);
                            }
                        }));
            }
        } catch (Throwable e) {
            e.printStackTrace();
            Section failed = new Section(
                    "Two JVMs",
                    "Epoch churn across two JVMs (flat out and paced); wordcount on two " + "processes vs one.");
            failed.notMeasured = "the two-process cluster did not start: " + e;
            sections.add(failed);
        }
    }

    private static void churnTwoJvms(
            List<Section> sections, LoopbackCluster two, int churnEpochs, int churnEpochsTwoJvms) {
        for (int perEpoch : new int[] {1, 1_000}) {
            int epochs = perEpoch == 1 ? churnEpochs : churnEpochsTwoJvms;
            sections.add(guard(
                    new Section(
                            String.format(
                                    Locale.ROOT,
                                    "Epoch churn, two JVMs: %,d epochs of %,d item%s",
                                    epochs,
                                    perEpoch,
                                    perEpoch == 1 ? "" : "s"),
                            "`keyValueInput → reduceEpoch(max)` on the Jet driver across two processes on loopback, one "
                                    + "worker each (process 0 in this JVM, process 1 a child JVM). Both workers read: worker "
                                    + "w takes the items i with i % 2 == w, each stamped with `System.nanoTime()` as it is "
                                    + "read (the machine's monotonic clock, the same in both JVMs), so an epoch closes only "
                                    + "when both processes' progress has passed it, and the key's items from the other "
                                    + "process cross the network. Latency: from the epoch's last item (the max of its "
                                    + "stamps, which is the aggregate) to its receipt at the worker holding the key. The "
                                    + "sources read as fast as they can: latency under full load. 10% of the epochs first "
                                    + "as warm-up."
                                    + (epochs < churnEpochs
                                            ? String.format(
                                                    Locale.ROOT,
                                                    " **Scaled down** from issue 5's "
                                                            + "%,d epochs to %,d (%,d items) to keep the suite under 10 minutes "
                                                            + "(`-Dbench.churnEpochsTwoJvms=N` changes it).",
                                                    churnEpochs,
                                                    epochs,
                                                    (long) epochs * perEpoch)
                                            : "")),
                    s -> ClusterSections.churn(s, two, epochs, perEpoch)));
        }
    }

    interface Body {
        void run(Section section) throws Exception;
    }

    static final String FLINK_AIM = "≥ 1.2";

    /** Issue 19's aim for the Jet driver against raw Jet, on every shape. */
    static final String RAW_JET_AIM = "≥ 1.0";

    /**
     * Flink's side of the in-JVM workloads: its contenders on a MiniCluster started once, or why there
     * are none (no Flink in the build, or a MiniCluster that did not start), which each workload notes.
     */
    record Flink(FlinkContenders contenders, String missing) implements AutoCloseable {

        static final String SETUP = "The MiniCluster runs in this JVM (one task manager with 2 slots), started "
                + "once for every run; each job has parallelism 2, object reuse on, `STREAMING` mode, no checkpoints, "
                + "and is submitted to it as a job graph. Records going from one slot to the other pass through "
                + "Flink's network stack, serialized, as Flink always sends them between tasks.";

        static Flink start() {
            try {
                FlinkContenders started = FlinkContenders.start();
                return new Flink(started, started == null ? FlinkContenders.NOT_CONFIGURED : null);
            } catch (RuntimeException e) {
                e.printStackTrace();
                return new Flink(null, "its MiniCluster did not start: " + e);
            }
        }

        /** Adds Flink's contender for a workload, last, so that its output is checked against Sluice's. */
        void addTo(Map<String, Runnable> all, Consumer<FlinkContenders> run) {
            if (contenders != null) {
                all.put(contenders.name(), () -> run.accept(contenders));
            }
        }

        /**
         * The Jet driver against Flink, aim {@value #FLINK_AIM}, and a note on the Flink job's shape
         * ({@code job}); or a note why Flink was not measured.
         */
        void compare(Section section, Map<String, Timing> best, long units, String unit, String job) {
            if (contenders != null) {
                BenchmarkSuite.compare(section, best, units, unit, JET, contenders.name(), FLINK_AIM);
                section.notes.add("Flink: " + job + " " + SETUP);
            } else {
                section.notes.add("Flink not measured: " + missing + ".");
            }
        }

        @Override
        public void close() {
            if (contenders != null) {
                contenders.close();
            }
        }
    }

    /** Runs one workload; a failure marks it not measured instead of ending the suite. */
    private static Section guard(Section section, Body body) {
        System.out.println("== " + section.title);
        try {
            body.run(section);
        } catch (Throwable e) {
            e.printStackTrace();
            section.notMeasured =
                    "failed in this run: " + e.toString().lines().findFirst().orElse("") + " (the whole "
                            + "message is in the suite's output)";
            section.rows.clear();
            section.comparisons.clear();
            section.targets.clear();
        }
        return section;
    }

    // --- measuring ---

    /** Child JVMs whose CPU time counts as this process's while they run (members of a benchmark's cluster; see {@link #countCpuOf}). */
    static final Set<Long> CHILD_PIDS = ConcurrentHashMap.newKeySet();

    /** Counts the CPU of the child JVMs {@code pids} in {@link #cpuNanos()} until closed. */
    static AutoCloseable countCpuOf(List<Long> pids) {
        CHILD_PIDS.addAll(pids);
        return () -> pids.forEach(CHILD_PIDS::remove);
    }

    /** This JVM's CPU time, plus that of the child JVMs in {@link #CHILD_PIDS}. */
    static long cpuNanos() {
        long nanos = OS.getProcessCpuTime();
        for (long pid : CHILD_PIDS) {
            nanos += ProcessCpu.nanos(pid);
        }
        return nanos;
    }

    static Timing time(Runnable run) {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        run.run();
        return new Timing(System.nanoTime() - start, cpuNanos() - cpu);
    }

    /**
     * Checks the contenders agree, warms each up once, then runs {@value #ROUNDS} alternating rounds;
     * returns each contender's best round.
     */
    static Map<String, Timing> measure(
            String workload, Map<String, Runnable> contenders, Runnable reset, Supplier<Object> output) {
        Object expected = null;
        String first = null;
        for (Map.Entry<String, Runnable> contender : contenders.entrySet()) {
            reset.run();
            contender.getValue().run();
            Object actual = output.get();
            if (first == null) {
                first = contender.getKey();
                expected = actual;
            } else if (!Objects.equals(expected, actual)) {
                throw new AssertionError(workload + ": " + contender.getKey() + " disagrees with " + first);
            }
        }
        System.out.println("  outputs agree: " + summary(expected));
        for (Runnable run : contenders.values()) {
            reset.run();
            run.run();
        }
        Map<String, Timing> best = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Runnable> contender : contenders.entrySet()) {
                reset.run();
                System.gc();
                Timing timing = time(contender.getValue());
                best.merge(contender.getKey(), timing, (a, b) -> b.wallNanos() < a.wallNanos() ? b : a);
                System.out.printf(
                        Locale.ROOT,
                        "  round %d %-45s %8.0f ms wall %8.0f ms cpu%n",
                        round,
                        contender.getKey(),
                        timing.wallNanos() / 1e6,
                        timing.cpuNanos() / 1e6);
            }
        }
        return best;
    }

    private static String summary(Object output) {
        return output instanceof Map<?, ?> map ? map.size() + " entries" : String.valueOf(output);
    }

    /** Adds a row per contender, its rate being {@code units} over its wall time. */
    static void rows(Section section, Map<String, Timing> best, long units, String unit) {
        best.forEach((name, timing) -> section.rows.add(new Row(
                name,
                rate(units / (timing.wallNanos() / 1e9)) + " " + unit + "/s",
                timing.wallNanos() / 1e9,
                timing.cpuNanos() / 1e9)));
    }

    static void compare(
            Section section,
            Map<String, Timing> best,
            long units,
            String unit,
            String ours,
            String reference,
            String aim) {
        Timing o = best.get(ours);
        Timing r = best.get(reference);
        section.comparisons.add(new Comparison(
                ours,
                rate(units / (o.wallNanos() / 1e9)) + " " + unit + "/s",
                reference,
                rate(units / (r.wallNanos() / 1e9)) + " " + unit + "/s",
                (double) r.wallNanos() / o.wallNanos(),
                aim));
    }

    static String rate(double perSecond) {
        if (perSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
        }
        if (perSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    // --- stateless chain and wordcount: JetDriverBenchmark's contenders ---

    private static Map<String, Runnable> renamed(Map<String, Runnable> contenders) {
        Map<String, Runnable> renamed = new LinkedHashMap<>();
        contenders.forEach((name, run) -> renamed.put(name.equals("sluice") ? JET : name, run));
        return renamed;
    }

    static final String LOCAL_PAIRS = "sluice local driver, `Sluice.run` keeping the output pairs";
    static final String LOOP_PAIRS = "plain java loop keeping the output pairs (`LocalDriverBenchmark`'s)";
    private static volatile List<EpochItem<Object>> keptPairs;

    static void stateless(Section section, HazelcastInstance hz, Flink flink, long numbers) {
        Map<String, Runnable> contenders = renamed(JetDriverBenchmark.statelessContenders(hz));
        contenders.put(
                LOCAL_PAIRS, () -> keptPairs = Sluice.run(Workloads.statelessChainOfLongs(), Workloads.longs(numbers)));
        contenders.put(LOOP_PAIRS, () -> keptPairs = Workloads.statelessChainOfLongsLoop(Workloads.longs(numbers)));
        flink.addTo(contenders, f -> f.statelessChain(numbers));
        Map<String, Timing> best = measure(
                "stateless chain",
                contenders,
                () -> {
                    JetDriverBenchmark.resetOutputs();
                    keptPairs = null;
                },
                BenchmarkSuite::statelessOutput);
        rows(section, best, numbers, "items");
        compare(section, best, numbers, "items", JET, JetDriverBenchmark.RAW, RAW_JET_AIM);
        flink.compare(
                section,
                best,
                numbers,
                "items",
                "`fromSequence` (Flink's parallel number source) and the same four "
                        + "steps, chained into one task a slot, into a sink adding to the same two `LongAdder`s.");
        compare(section, best, numbers, "items", LOCAL_PAIRS, LOOP_PAIRS, "≥ 0.5 (within 2×)");
        compare(section, best, numbers, "items", JetDriverBenchmark.LOCAL, JetDriverBenchmark.LOOP, "—");
        section.notes.add("Issue 5's \"local driver within 2× of the plain loop\" is the second comparison: both keep "
                + "every output `(epoch, item)` pair in a list, as `Sluice.run` returns them. In the third, neither keeps "
                + "its output: both add each result to two `LongAdder`s (count and sum), as the Jet contenders do; the "
                + "JIT can then keep the loop's boxes in registers, which the driver's chain (an `EpochItem` per input, "
                + "items crossing stage objects) cannot, so that ratio measures the driver's per-item overhead against "
                + "next to nothing.");
    }

    /** The stateless contenders' output: the kept pairs' count and sum, or the Jet contenders' adders. */
    private static Object statelessOutput() {
        List<EpochItem<Object>> pairs = keptPairs;
        if (pairs == null) {
            return JetDriverBenchmark.statelessOutput();
        }
        long sum = 0;
        for (EpochItem<Object> pair : pairs) {
            sum += (Long) pair.item();
        }
        return pairs.size() + " items, sum " + sum;
    }

    static void wordcount(Section section, HazelcastInstance hz, Flink flink) {
        Map<String, Runnable> contenders = renamed(JetDriverBenchmark.wordcountContenders(hz));
        flink.addTo(contenders, FlinkContenders::wordcount);
        Map<String, Timing> best =
                measure("wordcount", contenders, JetDriverBenchmark::resetOutputs, JetDriverBenchmark::wordcountOutput);
        long words = JetDriverBenchmark.wordcountWords();
        rows(section, best, words, "words");
        compare(section, best, words, "words", JET, JetDriverBenchmark.RAW_SINGLE, RAW_JET_AIM);
        compare(section, best, words, "words", JetDriverBenchmark.SLUICE_TWO, JetDriverBenchmark.RAW_TWO, RAW_JET_AIM);
        compare(section, best, words, "words", JET, JetDriverBenchmark.RAW_TWO, "—");
        compare(section, best, words, "words", JetDriverBenchmark.LOCAL, JetDriverBenchmark.LOOP, "≥ 0.5");
        flink.compare(
                section,
                best,
                words,
                "words",
                "worker w of 2 reads the lines i with i % 2 == w "
                        + "(`fromParallelCollection`), each line's epoch its event time, and each source emits a watermark as its "
                        + "epoch moves on; the same tokens, `keyBy(word)`, 1 ms tumbling event-time windows (one an epoch) with an "
                        + "incremental sum: an epoch's counts come out when both sources have passed it, as in Sluice.");
    }

    // --- keyed statefulMap: the anomaly detector ---

    static final int READINGS = 1_000_000;
    static final LongAdder VERDICTS = new LongAdder();
    static final LongAdder ANOMALIES = new LongAdder();
    static final LongAdder HASH = new LongAdder();

    static KeyValue<String, Double> reading(long i, int keys) {
        return KeyValue.of(metric(i, keys), value(i));
    }

    /** The metric of reading {@code i}: each of the {@code keys} metrics once in every {@code keys} readings. */
    static String metric(long i, int keys) {
        return "metric-" + (i % keys);
    }

    /** The value of reading {@code i}: 10 to 20, about one in 97 of them 50 more (an anomaly). */
    static double value(long i) {
        long mixed = (i * 0x9E3779B97F4A7C15L) >>> 40;
        return 10.0 + (mixed % 1000) / 100.0 + (mixed % 97 == 0 ? 50.0 : 0.0);
    }

    static Iterable<EpochItem<KeyValue<String, Double>>> readings(int keys, int worker, int workers) {
        return () -> new Iterator<>() {
            private long next = worker;

            @Override
            public boolean hasNext() {
                return next < READINGS;
            }

            @Override
            public EpochItem<KeyValue<String, Double>> next() {
                long i = next;
                next += workers;
                return EpochItem.of(i / keys, reading(i, keys));
            }
        };
    }

    static void verdict(Object key, AnomalyDetector.Anomaly anomaly) {
        VERDICTS.increment();
        if (anomaly.anomalous()) {
            ANOMALIES.increment();
        }
        HASH.add(key.hashCode() * 31L + Double.hashCode(anomaly.mean()));
    }

    static void verdict(Object item) {
        KeyValue<?, ?> kv = (KeyValue<?, ?>) item;
        verdict(kv.key(), (AnomalyDetector.Anomaly) kv.value());
    }

    static void anomaly(Section section, HazelcastInstance hz, Flink flink, int keys) {
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        contenders.put(JET, () -> {
            InputBuilderFn<KeyValue<String, Double>> input = (worker, workers) -> readings(keys, worker, workers);
            JetDataflow.run(
                    hz,
                    JetDataflow.dag(
                            AnomalyDetector.flow(),
                            input,
                            (worker, workers) -> pair -> verdict(pair.item()),
                            JetDriverBenchmark.workers()));
        });
        contenders.put(JetDriverBenchmark.LOCAL, () -> {
            try (LocalDriver<KeyValue<String, Double>> driver =
                    new LocalDriver<>(AnomalyDetector.flow(), (epoch, item) -> verdict(item))) {
                for (EpochItem<KeyValue<String, Double>> reading : readings(keys, 0, 1)) {
                    driver.push(reading);
                }
            }
        });
        contenders.put(JetDriverBenchmark.LOOP, () -> {
            AnomalyDetectorLoop loop = new AnomalyDetectorLoop();
            for (EpochItem<KeyValue<String, Double>> reading : readings(keys, 0, 1)) {
                loop.push(reading.item(), BenchmarkSuite::verdict);
            }
        });
        contenders.put(RawJetAnomaly.NAME, () -> RawJetAnomaly.run(hz, keys, JetDriverBenchmark.workers()));
        flink.addTo(contenders, f -> f.anomaly(keys));
        Map<String, Timing> best = measure(
                "anomaly detector",
                contenders,
                () -> {
                    VERDICTS.reset();
                    ANOMALIES.reset();
                    HASH.reset();
                },
                () -> VERDICTS.sum() + " verdicts, " + ANOMALIES.sum() + " anomalous, hash " + HASH.sum());
        rows(section, best, READINGS, "readings");
        compare(section, best, READINGS, "readings", JetDriverBenchmark.LOCAL, JetDriverBenchmark.LOOP, "—");
        compare(section, best, READINGS, "readings", JET, JetDriverBenchmark.LOOP, "—");
        compare(section, best, READINGS, "readings", JET, RawJetAnomaly.NAME, RAW_JET_AIM);
        flink.compare(
                section,
                best,
                READINGS,
                "readings",
                "the readings split as the Jet driver's workers read them, "
                        + "`keyBy(metric)`, a map keeping the same detector in keyed `ValueState` (the heap state backend).");
        section.notes.add("Raw Jet: a batch source whose processor w of 2 reads the readings i with i % 2 == w, "
                + "`groupingKey(metric).mapStateful(detector, push)` and a sink counting the verdicts, at local "
                + "parallelism 2, as a light job on the same member.");
    }

    // --- epoch churn ---

    static final double EPOCH_CLOSE_TARGET_MS = 1.0;

    static Dataflow<Integer, ?> churnFlow() {
        return Dataflow.input(Integer.class)
                .mapToKeyValue(x -> KeyValue.of("k", x))
                .reduceEpoch(Integer::sum)
                .capture();
    }

    /** Runs {@code epochs} epochs through a fresh local driver; returns each epoch's close latency in ns. */
    static long[] churnLocalRun(int epochs, int perEpoch) {
        long[] latencies = new long[epochs];
        int expected = perEpoch * (perEpoch - 1) / 2;
        try (LocalDriver<Integer> driver = new LocalDriver<>(churnFlow())) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                for (int i = 0; i < perEpoch - 1; i++) {
                    driver.push(epoch, i);
                }
                long start = System.nanoTime();
                driver.push(epoch, perEpoch - 1);
                driver.advanceTo(epoch + 1);
                List<EpochItem<Object>> out = driver.readOutput();
                latencies[epoch] = System.nanoTime() - start;
                if (out.size() != 1
                        || out.get(0).epoch() != epoch
                        || !((KeyValue<?, ?>) out.get(0).item()).value().equals(expected)) {
                    throw new AssertionError("epoch " + epoch + ": unexpected output " + out);
                }
            }
        }
        return latencies;
    }

    static void churnLocal(Section section, int epochs, int perEpoch) {
        churnLocalRun(Math.max(1, epochs / 10), perEpoch);
        System.gc();
        long[] latencies = new long[epochs];
        Timing timing = time(() -> System.arraycopy(churnLocalRun(epochs, perEpoch), 0, latencies, 0, epochs));
        latencyRows(section, "local driver", epochs, (long) epochs * perEpoch, timing, latencies);
    }

    /**
     * A churn run's row (epochs/s, items/s, epoch-close p50/p99/max) and its latency targets: p50 and
     * p99 against {@value #EPOCH_CLOSE_TARGET_MS} ms, met or not.
     */
    static void latencyRows(Section section, String who, int epochs, long items, Timing timing, long[] latencies) {
        latencyRows(section, who, epochs, items, timing, latencies, EPOCH_CLOSE_TARGET_MS, EPOCH_CLOSE_TARGET_MS);
    }

    /** The same, held against targets of its own for p50 and p99. */
    static void latencyRows(
            Section section,
            String who,
            int epochs,
            long items,
            Timing timing,
            long[] latencies,
            double p50TargetMs,
            double p99TargetMs) {
        Arrays.sort(latencies);
        double p50 = latencies[latencies.length / 2] / 1e6;
        double p99 = latencies[(int) Math.min(latencies.length - 1, Math.round(latencies.length * 0.99))] / 1e6;
        double max = latencies[latencies.length - 1] / 1e6;
        double wall = timing.wallNanos() / 1e9;
        section.rows.add(new Row(
                who,
                String.format(
                        Locale.ROOT,
                        "%s epochs/s (%s items/s); epoch close p50 %s, " + "p99 %s, max %.1f ms",
                        rate(epochs / wall),
                        rate(items / wall),
                        millis(p50),
                        millis(p99),
                        max),
                wall,
                timing.cpuNanos() / 1e9));
        section.targets.add(new Target(
                who + ": epoch close p50",
                millis(p50) + " (" + rate(epochs / wall) + " epochs/s)",
                String.format(Locale.ROOT, "≤ %.0f ms", p50TargetMs),
                p50 <= p50TargetMs));
        section.targets.add(new Target(
                who + ": epoch close p99",
                millis(p99),
                String.format(Locale.ROOT, "≤ %.0f ms", p99TargetMs),
                p99 <= p99TargetMs));
    }

    /** A duration given in milliseconds, in µs below 1 ms. */
    static String millis(double ms) {
        return ms < 1 ? String.format(Locale.ROOT, "%.1f µs", ms * 1e3) : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    static long[] jetLatencies;
    static final LongAdder JET_EPOCHS = new LongAdder();

    static Iterable<EpochItem<KeyValue<String, Long>>> stamped(int epochs, int perEpoch, int worker) {
        long total = (long) epochs * perEpoch;
        return () -> new Iterator<>() {
            private long next = worker == 0 ? 0 : total;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public EpochItem<KeyValue<String, Long>> next() {
                long i = next++;
                return EpochItem.of(i / perEpoch, KeyValue.of("k", System.nanoTime()));
            }
        };
    }

    static void received(EpochItem<Object> pair) {
        long now = System.nanoTime();
        jetLatencies[(int) pair.epoch()] = now - (Long) ((KeyValue<?, ?>) pair.item()).value();
        JET_EPOCHS.increment();
    }

    static long[] churnJetRun(HazelcastInstance hz, int epochs, int perEpoch) {
        jetLatencies = new long[epochs];
        JET_EPOCHS.reset();
        InputBuilderFn<KeyValue<String, Long>> input = (worker, workers) -> stamped(epochs, perEpoch, worker);
        JetDataflow.run(
                hz,
                JetDataflow.dag(
                        Dataflow.keyValueInput(String.class, Long.class)
                                .reduceEpoch(Math::max)
                                .capture(),
                        input,
                        (worker, workers) -> BenchmarkSuite::received,
                        JetDriverBenchmark.workers()));
        if (JET_EPOCHS.sum() != epochs) {
            throw new AssertionError(JET_EPOCHS.sum() + " epochs out of " + epochs);
        }
        return jetLatencies;
    }

    static void churnJet(Section section, HazelcastInstance hz, int epochs, int perEpoch) {
        churnJetRun(hz, Math.max(1, epochs / 10), perEpoch);
        System.gc();
        long[][] latencies = new long[1][];
        Timing timing = time(() -> latencies[0] = churnJetRun(hz, epochs, perEpoch));
        latencyRows(section, "jet driver", epochs, (long) epochs * perEpoch, timing, latencies[0]);
    }

    // --- writing ---

    static String markdown(List<Section> sections, double seconds, long numbers, double loadBefore, double loadAfter) {
        StringBuilder md = new StringBuilder();
        Runtime runtime = Runtime.getRuntime();
        md.append("# Benchmarks\n\n");
        md.append(
                "Generated by `bench/all.sh` (`dev.sluice.bench.BenchmarkSuite`); do not edit by hand, run it again.\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| date | ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append(" |\n");
        md.append("| machine | ")
                .append(runtime.availableProcessors())
                .append(" cores, ")
                .append(String.format(Locale.ROOT, "%.1f GiB", OS.getTotalMemorySize() / (double) (1L << 30)))
                .append(" memory, ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.version"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(" |\n");
        md.append("| JVM | ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append(", heap ")
                .append(runtime.maxMemory() >> 20)
                .append(" MiB, ")
                .append(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .map(arg -> arg.startsWith("-Dbench.flinkClasspath=") ? "-Dbench.flinkClasspath=…" : arg)
                        .collect(Collectors.joining(" ")))
                .append(" |\n");
        md.append(String.format(Locale.ROOT, "| load average | %.1f before, %.1f after |\n", loadBefore, loadAfter));
        md.append(String.format(Locale.ROOT, "| suite run time | %.0f s |\n\n", seconds));
        md.append("Each workload's contenders run in this one JVM (the Jet member included; the two-process "
                + "workloads add a child JVM for process 1, and the idle member is a child JVM of its own), first "
                + "once each with their outputs checked equal, then once each as warm-up, then " + ROUNDS + " rounds "
                + "alternating. A figure is the contender's best round; **CPU s** is the process CPU time (all "
                + "threads: Jet workers, GC, JIT) spent during that round, from "
                + "`OperatingSystemMXBean.getProcessCpuTime()`, plus the child's from `/proc` where there is one. "
                + "Latency and idle-CPU figures are held against the absolute targets of issues 5 and 19, **met** or **not met**, "
                + "not turned into ratios. "
                + "**Ratio** is our throughput over the reference's (higher is better for us). Figures on a shared "
                + "2-core machine vary between runs by up to ±30%; ratios from the same run are steadier. A CPU / wall "
                + "below 1 for a one-thread contender means it waited for a core: other work shared the machine "
                + "(see the load average). Process CPU time is counted in 10 ms ticks on this machine.\n\n");
        md.append("![ratios](bench-chart.svg)\n\n");
        md.append(
                "## Summary: ours against the reference\n\n| workload | ours | figure | reference | figure | ratio | aim |\n|---|---|---|---|---|---|---|\n");
        for (Section section : sections) {
            for (Comparison c : section.comparisons) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | **%.2f** | %s |\n",
                        section.title,
                        c.ours(),
                        c.oursFigure(),
                        c.reference(),
                        c.referenceFigure(),
                        c.ratio(),
                        c.aim()));
            }
            if (section.notMeasured != null) {
                md.append("| ").append(section.title).append(" | not measured | | | | | |\n");
            }
        }
        md.append(
                "\n## Summary: absolute targets\n\n| workload | what | figure | target | met |\n|---|---|---|---|---|\n");
        for (Section section : sections) {
            for (Target t : section.targets) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | **%s** |\n",
                        section.title,
                        t.what(),
                        t.figure(),
                        t.target(),
                        t.met() ? "met" : "not met"));
            }
        }
        for (Section section : sections) {
            md.append("\n## ")
                    .append(section.title)
                    .append("\n\n")
                    .append(section.setup)
                    .append("\n\n");
            if (section.notMeasured != null) {
                md.append("**Not measured:** ").append(section.notMeasured).append("\n");
                continue;
            }
            md.append("| contender | figure | wall s | CPU s | CPU / wall |\n|---|---|---|---|---|\n");
            for (Row row : section.rows) {
                if (Double.isNaN(row.wallSeconds())) {
                    md.append("| ")
                            .append(row.contender())
                            .append(" | ")
                            .append(row.figure())
                            .append(" | — | — | — |\n");
                    continue;
                }
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %.3f | %.3f | %.2f |\n",
                        row.contender(),
                        row.figure(),
                        row.wallSeconds(),
                        row.cpuSeconds(),
                        row.cpuSeconds() / row.wallSeconds()));
            }
            if (!section.comparisons.isEmpty()) {
                md.append("\n| ours | reference | ratio | aim |\n|---|---|---|---|\n");
                for (Comparison c : section.comparisons) {
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s (%s) | %s (%s) | **%.2f** | %s |\n",
                            c.ours(),
                            c.oursFigure(),
                            c.reference(),
                            c.referenceFigure(),
                            c.ratio(),
                            c.aim()));
                }
            }
            if (!section.targets.isEmpty()) {
                md.append("\n| what | figure | target | met |\n|---|---|---|---|\n");
                for (Target t : section.targets) {
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %s | **%s** |\n",
                            t.what(),
                            t.figure(),
                            t.target(),
                            t.met() ? "met" : "not met"));
                }
            }
            for (String note : section.notes) {
                md.append("\n").append(note).append("\n");
            }
        }
        return md.toString();
    }

    /** The number in an aim such as {@code "≥ 0.8"} or {@code "≥ 0.5 (within 2×)"}. */
    private static final Pattern AIM = Pattern.compile("≥ ([0-9.]+)");

    static String chart(List<Section> sections) {
        List<String> labels = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> aims = new ArrayList<>();
        for (Section section : sections) {
            for (Comparison c : section.comparisons) {
                labels.add((section.title + ": " + c.ours() + " / " + c.reference()).replace("`", ""));
                ratios.add(c.ratio());
                Matcher aim = AIM.matcher(c.aim());
                aims.add(aim.find() ? Double.parseDouble(aim.group(1)) : Double.NaN);
            }
        }
        List<String> targets = new ArrayList<>();
        List<Boolean> met = new ArrayList<>();
        for (Section section : sections) {
            for (Target t : section.targets) {
                targets.add((section.title + ": " + t.what() + " " + t.figure() + " (target " + t.target() + ")")
                        .replace("`", ""));
                met.add(t.met());
            }
        }
        double max = 3.0;
        int longest = 0;
        for (String label : labels) {
            longest = Math.max(longest, label.length());
        }
        for (String target : targets) {
            longest = Math.max(longest, target.length());
        }
        int labelWidth = Math.max(400, (int) (longest * 6.4) + 20); // about 6.4 px a character at 12 px sans-serif
        int barWidth = 420;
        int rowHeight = 24;
        int top = 40;
        int width = labelWidth + barWidth + 80;
        int targetsTop = top + rowHeight * labels.size() + 50;
        int height = targetsTop + (targets.isEmpty() ? 0 : 24 + rowHeight * targets.size()) + 10;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "font-family=\"sans-serif\" font-size=\"12\">\n",
                width,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        svg.append("<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Sluice: ours / reference "
                + "(throughput ratio; higher is better; scale clipped at 3; green: aim met, red: not, grey: no aim)"
                + "</text>\n");
        for (int i = 0; i < labels.size(); i++) {
            int y = top + i * rowHeight;
            double ratio = ratios.get(i);
            double shown = Math.min(ratio, max);
            int w = (int) Math.round(shown / max * barWidth);
            double aim = aims.get(i);
            // green: at or above the aim for this ratio; red: below it; grey: no aim (context only)
            String colour = Double.isNaN(aim) ? "#8c8c8c" : ratio >= aim ? "#3a7d44" : "#c0392b";
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    labelWidth - 8,
                    y + 16,
                    escape(labels.get(i))));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                    labelWidth,
                    y + 4,
                    Math.max(w, 1),
                    rowHeight - 8,
                    colour));
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\">%.2f%s</text>\n",
                    labelWidth + w + 4,
                    y + 16,
                    ratio,
                    ratio > max ? " (clipped)" : ""));
        }
        int one = labelWidth + (int) Math.round(1.0 / max * barWidth);
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\" " + "stroke-dasharray=\"4 3\"/>\n",
                one,
                top,
                one,
                top + rowHeight * labels.size()));
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">1.0</text>\n",
                one,
                top + rowHeight * labels.size() + 16));
        if (!targets.isEmpty()) {
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"10\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">"
                            + "Absolute targets of issues 5 and 19 (latency, idle CPU): met or not</text>\n",
                    targetsTop));
            for (int i = 0; i < targets.size(); i++) {
                int y = targetsTop + 8 + i * rowHeight;
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                        labelWidth - 8,
                        y + 16,
                        escape(targets.get(i))));
                svg.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" font-weight=\"bold\" fill=\"%s\">%s</text>\n",
                        labelWidth,
                        y + 16,
                        met.get(i) ? "#3a7d44" : "#c0392b",
                        met.get(i) ? "met" : "not met"));
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
