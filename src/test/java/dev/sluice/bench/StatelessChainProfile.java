package dev.sluice.bench;

import dev.sluice.execution.jet.JetDriverBenchmark;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Jet driver (or raw Jet) on the stateless chain, run over and over in one JVM, for a profiler
 * to watch; prints each run's wall and process CPU time and, at the end, the CPU time of each thread
 * group. Not a test. Record a profile with, for example:
 *
 * <pre>
 * BENCH_OPTS="-XX:StartFlightRecording=filename=chain.jfr,settings=profile" \
 *     bench/run.sh StatelessChainProfile [runs] [sluice|raw] [busy threads]
 * </pre>
 *
 * The optional busy threads spin in this JVM to reproduce a loaded machine (as when other builds
 * share the two cores).
 */
public final class StatelessChainProfile {

    private StatelessChainProfile() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String contender = args.length > 1 && args[1].equals("raw") ? JetDriverBenchmark.RAW : "sluice";
        int busy = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        JetDriverBenchmark.setNumbers(Long.getLong("bench.numbers", 10_000_000L));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> cpuBefore = threadCpu(threads);
        for (int i = 0; i < busy; i++) {
            Thread spinner = new Thread(StatelessChainProfile::spin, "busy-" + i);
            spinner.setDaemon(true);
            spinner.start();
        }
        try (JetDriverBenchmark.Member member = JetDriverBenchmark.Member.start()) {
            Runnable run = JetDriverBenchmark.statelessContenders(member.hz).get(contender);
            for (int i = 0; i < runs; i++) {
                JetDriverBenchmark.resetOutputs();
                BenchmarkSuite.Timing timing = BenchmarkSuite.time(run);
                System.out.printf(
                        Locale.ROOT,
                        "%s run %d: %.0f ms wall, %.0f ms cpu (%s)%n",
                        contender,
                        i,
                        timing.wallNanos() / 1e6,
                        timing.cpuNanos() / 1e6,
                        JetDriverBenchmark.statelessOutput());
            }
            Map<String, Long> byGroup = new TreeMap<>();
            Map<Long, Long> after = threadCpu(threads);
            for (Map.Entry<Long, Long> entry : after.entrySet()) {
                var info = threads.getThreadInfo(entry.getKey());
                if (info == null) {
                    continue;
                }
                String group = info.getThreadName().replaceAll("sluice-test-[0-9a-f-]+", "");
                byGroup.merge(group, entry.getValue() - cpuBefore.getOrDefault(entry.getKey(), 0L), Long::sum);
            }
            byGroup.entrySet().stream()
                    .filter(e -> e.getValue() > 50_000_000L)
                    .forEach(e -> System.out.printf(
                            Locale.ROOT, "  thread group %-45s %8.0f ms cpu%n", e.getKey(), e.getValue() / 1e6));
        }
        System.exit(0);
    }

    private static Map<Long, Long> threadCpu(ThreadMXBean threads) {
        Map<Long, Long> cpu = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            cpu.put(id, threads.getThreadCpuTime(id));
        }
        return cpu;
    }

    private static void spin() {
        long x = 0;
        while (true) {
            x += System.nanoTime() & 1;
            if (x == Long.MIN_VALUE) {
                System.out.println(x);
            }
        }
    }
}
