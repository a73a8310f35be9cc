package dev.sluice.exhash;

import dev.sluice.dataflow.KeyValue;

/**
 * A rough benchmark of {@link Exhash#hash} on typical keys, printing nanoseconds per hash. A plain
 * {@code main}, not a test: run it after {@code mvn test-compile} with
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes dev.sluice.exhash.ExhashBenchmark
 * }</pre>
 *
 * <p>Each key set is hashed in warm-up rounds first (so the JIT has compiled the code), then in
 * measured rounds, of which the fastest is printed. The sum of all hashes is printed too, so the
 * JIT cannot drop the work.
 */
public final class ExhashBenchmark {

    private static final int KEYS = 1 << 12;
    private static final int HASHES_PER_ROUND = 5_000_000;
    private static final int WARMUP_ROUNDS = 5;
    private static final int MEASURED_ROUNDS = 5;

    private static long sink;

    private ExhashBenchmark() {}

    public static void main(String[] args) {
        Object[] ints = new Object[KEYS];
        Object[] longs = new Object[KEYS];
        Object[] shortStrings = new Object[KEYS];
        Object[] longStrings = new Object[KEYS];
        Object[] nonAsciiStrings = new Object[KEYS];
        Object[] keyValues = new Object[KEYS];
        for (int i = 0; i < KEYS; i++) {
            ints[i] = i * 7919;
            longs[i] = (long) i << 33;
            shortStrings[i] = "user-" + i;
            longStrings[i] = "tenant-eu-west-1/customer-" + (1_000_000 + i) + "/orders";
            nonAsciiStrings[i] = "Zürich-Straße-" + i + "-東京";
            keyValues[i] = KeyValue.of("user-" + i, i);
        }
        report("Integer", ints);
        report("Long", longs);
        report("String, ~9 chars", shortStrings);
        report("String, ~40 chars", longStrings);
        report("String, non-ASCII ~20 chars", nonAsciiStrings);
        report("KeyValue(String, Integer)", keyValues);
        System.out.println("(sink " + sink + ")");
    }

    private static void report(String name, Object[] keys) {
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            run(keys);
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < MEASURED_ROUNDS; round++) {
            best = Math.min(best, run(keys));
        }
        System.out.printf("%-30s %6.2f ns/hash%n", name, best);
    }

    /** Hashes {@link #HASHES_PER_ROUND} keys; returns nanoseconds per hash. */
    private static double run(Object[] keys) {
        long start = System.nanoTime();
        long acc = 0;
        for (int i = 0; i < HASHES_PER_ROUND; i++) {
            acc += Exhash.hash(keys[i & (KEYS - 1)]);
        }
        long elapsed = System.nanoTime() - start;
        sink += acc;
        return (double) elapsed / HASHES_PER_ROUND;
    }
}
