package dev.sluice.bench;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.Sluice;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The local driver ({@code Sluice.run}) against a plain Java loop doing the same work on the same
 * boxed items: the stateless chain and wordcount. Contenders run alternately after a warm-up, their
 * outputs checked equal first; the median of the rounds is reported. Not a test: run it with
 * {@code bench/run.sh LocalDriverBenchmark} (see the README).
 */
public final class LocalDriverBenchmark {

    private static final int WARMUP_ROUNDS = 3;
    private static final int ROUNDS = 5;

    public static void main(String[] args) {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
        System.out.printf(
                "# Local driver vs plain loop (%s, %d cores, %s)%n",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                LocalDate.now());

        List<EpochItem<Integer>> integers = Workloads.integers(items, 10_000);
        compare(
                "stateless chain (" + items + " items)",
                items,
                () -> Sluice.run(Workloads.statelessChain(), integers),
                () -> Workloads.statelessChainLoop(integers));

        List<EpochItem<String>> text = Workloads.text(100, 5_000, 42);
        compare(
                "wordcount (" + text.size() + " lines, 100 epochs)",
                text.size(),
                () -> Sluice.run(Workloads.wordcount(), text),
                () -> Workloads.wordcountLoop(text));
    }

    private static void compare(
            String workload,
            int inputItems,
            Supplier<List<EpochItem<Object>>> sluice,
            Supplier<List<EpochItem<Object>>> loop) {
        if (!multiset(sluice.get()).equals(multiset(loop.get()))) {
            throw new AssertionError(workload + ": the local driver and the loop disagree");
        }
        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            time(sluice);
            time(loop);
        }
        double[] ours = new double[ROUNDS];
        double[] plain = new double[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            ours[i] = inputItems / time(sluice);
            plain[i] = inputItems / time(loop);
        }
        double oursMedian = median(ours);
        double plainMedian = median(plain);
        System.out.printf(
                "%-40s local driver %,14.0f items/s | plain loop %,14.0f items/s | ratio %.2f%n",
                workload, oursMedian, plainMedian, oursMedian / plainMedian);
    }

    private static double time(Supplier<List<EpochItem<Object>>> run) {
        long start = System.nanoTime();
        List<EpochItem<Object>> out = run.get();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out.isEmpty()) {
            throw new AssertionError("no output");
        }
        return seconds;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Map<EpochItem<Object>, Integer> multiset(List<EpochItem<Object>> pairs) {
        Map<EpochItem<Object>, Integer> counts = new HashMap<>();
        for (EpochItem<Object> pair : new ArrayList<>(pairs)) {
            counts.merge(pair, 1, Integer::sum);
        }
        return counts;
    }
}
