package dev.sluice.bench;

import dev.sluice.cluster.ChildJvm;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.SluiceApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The CPU an idle service member uses: the Spring Boot service ({@link SluiceApplication}: Tomcat, a
 * Hazelcast member with Jet, 2 workers) in a child JVM, started, left to settle, then watched with no
 * traffic for a while. Its CPU time comes from {@code /proc/<pid>/stat}, so nothing in the child
 * measures itself; the threads that used it come from two {@code jcmd Thread.print} snapshots.
 */
public final class IdleMember {

    /** What was measured: CPU seconds over wall seconds of the window, and the busiest threads. */
    record Result(double wallSeconds, double cpuSeconds, List<String> busiestThreads) {
        double percentOfOneCore() {
            return 100 * cpuSeconds / wallSeconds;
        }
    }

    private IdleMember() {}

    /** {@code bench/run.sh IdleMember [window seconds]}: prints the idle CPU and the busiest threads. */
    public static void main(String[] args) throws Exception {
        Result result = measure(SETTLE, Duration.ofSeconds(args.length > 0 ? Integer.parseInt(args[0]) : 20));
        System.out.printf(
                Locale.ROOT,
                "idle service member: %.2f%% of one core (%.2f s CPU in %.1f s); %s%n",
                result.percentOfOneCore(),
                result.cpuSeconds(),
                result.wallSeconds(),
                result.busiestThreads());
        System.exit(0);
    }

    /**
     * How long the member is left after it answers its health check, for start-up work to finish: on
     * two busy cores the JIT still compiles for half a minute, which is start-up, not idling.
     */
    static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("bench.idleSettleSeconds", 30));

    static Result measure(Duration settle, Duration window) throws Exception {
        int httpPort = ServiceTestSupport.freePort();
        List<String> jvm = new ArrayList<>(LoopbackCluster.childJvmOptions());
        jvm.add("-D" + SluiceApplication.EXIT_WITH_PARENT_PROPERTY + "=true");
        String extra = System.getProperty("bench.idleJvmOptions", "").trim(); // e.g. a JFR recording, to see why
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        List<String> args = List.of(
                "--server.port=" + httpPort,
                "--sluice.cluster.name=bench-idle-" + UUID.randomUUID(),
                "--sluice.cluster.port=" + ServiceTestSupport.freePort(),
                "--sluice.cluster.bind-address=127.0.0.1",
                "--sluice.workers-per-process=2",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN");
        ChildJvm child = ChildJvm.start("idle service", SluiceApplication.class.getName(), jvm, args);
        try {
            awaitHealthy(child, httpPort, Duration.ofSeconds(90));
            Thread.sleep(settle.toMillis());
            Map<String, Double> threadsBefore = ProcessCpu.threadMillis(child.pid());
            long cpuBefore = ProcessCpu.nanos(child.pid());
            long start = System.nanoTime();
            Thread.sleep(window.toMillis());
            long cpu = ProcessCpu.nanos(child.pid()) - cpuBefore;
            long wall = System.nanoTime() - start;
            Map<String, Double> threadsAfter = ProcessCpu.threadMillis(child.pid());
            List<String> busiest = threadsAfter.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0.0)))
                    .filter(e -> e.getValue() >= 1.0)
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(8)
                    .map(e -> String.format(Locale.ROOT, "`%s` %.0f ms", e.getKey(), e.getValue()))
                    .toList();
            return new Result(wall / 1e9, cpu / 1e9, busiest);
        } finally {
            child.stop(Duration.ofSeconds(10));
        }
    }

    private static void awaitHealthy(ChildJvm child, int port, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                throw new IllegalStateException("the idle service exited; its last output:\n" + child.outputTail());
            }
            try {
                if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the idle service was not healthy within " + timeout.toSeconds()
                + " s; its last output:\n" + child.outputTail());
    }
}
