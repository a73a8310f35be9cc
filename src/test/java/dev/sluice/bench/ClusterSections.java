package dev.sluice.bench;

import dev.sluice.bench.BenchmarkSuite.Row;
import dev.sluice.bench.BenchmarkSuite.Section;
import dev.sluice.bench.BenchmarkSuite.Timing;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The workloads of {@link BenchmarkSuite} that need two JVMs: epoch churn with the Jet driver across
 * two processes, and wordcount on two processes against one process with the same total workers,
 * with the bytes each record costs on the wire. Process 0 runs in the suite's JVM, process 1 in a
 * child JVM ({@link LoopbackCluster}); CPU seconds count both.
 */
final class ClusterSections {

    static final String ONE_PROCESS = "1 process × 2 workers";
    static final String TWO_PROCESSES = "2 processes × 1 worker (loopback)";

    private ClusterSections() {}

    /** Epoch churn on two processes with one worker each; {@code epochs} scaled by the caller. */
    static void churn(Section section, LoopbackCluster two, int epochs, int perEpoch) {
        ClusterWorkloads.churn(two.member, two.clusterName, Math.max(1, epochs / 10), perEpoch, 1);
        System.gc();
        long[][] latencies = new long[1][];
        Timing timing = BenchmarkSuite.time(
                () -> latencies[0] = ClusterWorkloads.churn(two.member, two.clusterName, epochs, perEpoch, 1));
        BenchmarkSuite.latencyRows(
                section, "jet driver, 2 processes × 1 worker", epochs, (long) epochs * perEpoch, timing, latencies[0]);
    }

    /** Issue 19's aims for a paced epoch close across two JVMs. */
    static final double PACED_P50_TARGET_MS = 5;

    static final double PACED_P99_TARGET_MS = 20;
    /** Items in each paced epoch: some from each process, so that both processes' items and progress count. */
    static final int PACED_ITEMS_PER_EPOCH = 10;

    /**
     * Epoch close on two processes with one worker each, the input paced at {@code epochsPerSecond}
     * for {@code seconds}: one second first as warm-up, then the measured run.
     */
    static void paced(Section section, LoopbackCluster two, int epochsPerSecond, int seconds) {
        ClusterWorkloads.paced(two.member, two.clusterName, epochsPerSecond, PACED_ITEMS_PER_EPOCH, epochsPerSecond, 1);
        System.gc();
        int epochs = epochsPerSecond * seconds;
        long[][] latencies = new long[1][];
        Timing timing = BenchmarkSuite.time(() -> latencies[0] =
                ClusterWorkloads.paced(two.member, two.clusterName, epochs, PACED_ITEMS_PER_EPOCH, epochsPerSecond, 1));
        BenchmarkSuite.latencyRows(
                section,
                "jet driver, 2 processes × 1 worker, paced",
                epochs,
                (long) epochs * PACED_ITEMS_PER_EPOCH,
                timing,
                latencies[0],
                PACED_P50_TARGET_MS,
                PACED_P99_TARGET_MS);
        section.notes.add(String.format(
                Locale.ROOT,
                "Wall s includes the %.1f s between submitting the job and its "
                        + "first epoch (time for the job to start in both processes), so the epochs/s shown is a little under "
                        + "the pace.",
                ClusterWorkloads.PACED_LEAD_NANOS / 1e9));
    }

    /** Wordcount on one process and on two, alternating; then the wire cost of the two-process run. */
    static void wordcount(Section section, LoopbackCluster one, LoopbackCluster two) throws InterruptedException {
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        String[] output = new String[1];
        contenders.put(ONE_PROCESS, () -> output[0] = ClusterWorkloads.wordcount(one.member, one.clusterName, 2));
        contenders.put(TWO_PROCESSES, () -> output[0] = ClusterWorkloads.wordcount(two.member, two.clusterName, 1));
        Map<String, Timing> best = BenchmarkSuite.measure(
                "wordcount, one process vs two", contenders, () -> output[0] = null, () -> output[0]);
        long words = ClusterWorkloads.textWords();
        BenchmarkSuite.rows(section, best, words, "words");
        BenchmarkSuite.compare(section, best, words, "words", TWO_PROCESSES, ONE_PROCESS, "≥ 0.85");

        MemberMetrics metrics = new MemberMetrics(two.member);
        long wireBefore = metrics.wireBytes();
        Map<String, Long> edges = metrics.sampleWhile(contenders.get(TWO_PROCESSES));
        long wire = metrics.wireBytes() - wireBefore;
        long items = edges.getOrDefault(MemberMetrics.ITEMS_OUT, 0L) + edges.getOrDefault(MemberMetrics.ITEMS_IN, 0L);
        long payload = edges.getOrDefault(MemberMetrics.BYTES_OUT, 0L) + edges.getOrDefault(MemberMetrics.BYTES_IN, 0L);
        if (items > 0) {
            section.rows.add(new Row(
                    TWO_PROCESSES + ": bytes on the wire per record crossing",
                    String.format(
                            Locale.ROOT,
                            "%.1f bytes/record on the wire, %.1f bytes/record of Jet payload; %,d records crossed, %.1f MiB on the "
                                    + "wire",
                            (double) wire / items,
                            (double) payload / items,
                            items,
                            wire / (double) (1 << 20)),
                    Double.NaN,
                    Double.NaN));
        }
        section.notes.add(String.format(
                Locale.ROOT,
                "Wordcount over %,d generated lines (%,d words) in %d epochs, the "
                        + "same flow as the service's `wordcount`; each process generates the text itself (worker w of n reads "
                        + "the lines i with i %% n == w), and each worker sends a summary of what it captured back through an "
                        + "`IMap`, checked equal for both contenders. Bytes per record: one more two-process run, read on "
                        + "process 0. *On the wire*: the change in Hazelcast's networking counters `bytesSend` + "
                        + "`bytesReceived` (debug metrics, which lag up to two seconds: read 2.2 s before and after the run), "
                        + "all traffic between the two members, divided by the "
                        + "records that crossed; *Jet payload*: Jet's `distributedBytesOut` + `distributedBytesIn` over "
                        + "`distributedItemsOut` + `distributedItemsIn` of the job's distributed edge on process 0 (both "
                        + "directions), sampled every 5 ms while the job ran, so the last few ms may be missing. CPU s "
                        + "counts both processes (the child's from `/proc`), in both rows.",
                ClusterWorkloads.textLines(),
                words,
                ClusterWorkloads.TEXT_EPOCHS));
    }
}
