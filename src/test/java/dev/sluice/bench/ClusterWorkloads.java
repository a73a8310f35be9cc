package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.jet.JetDataflow;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Inputs and outputs for runs whose workers live in more than one JVM: each side builds its share of
 * the input itself (nothing is shipped with the job) and sends a small summary of its output back
 * through an {@link IMap} of the cluster when its worker is done. So the parent sees everything the
 * child's workers produced, at the cost of one map operation per worker and run.
 */
final class ClusterWorkloads {

    private ClusterWorkloads() {}

    // --- wordcount over generated text ---

    static final int TEXT_EPOCHS = 100;
    static final int TEXT_LINES_PER_EPOCH = 2_000;
    private static final long TEXT_SEED = 42;

    /** The text, generated once per JVM (the same in every JVM: a fixed seed). */
    private static final class Text {
        static final List<EpochItem<String>> LINES = Workloads.text(TEXT_EPOCHS, TEXT_LINES_PER_EPOCH, TEXT_SEED);
    }

    static int textLines() {
        return Text.LINES.size();
    }

    static long textWords() {
        return Text.LINES.stream()
                .mapToLong(line -> Workloads.tokens(line.item().toLowerCase()).size())
                .sum();
    }

    /** Worker {@code w} of {@code n} reads the lines {@code i} with {@code i % n == w}, in its own JVM. */
    record TextInput() implements InputBuilderFn<String> {
        @Override
        public Iterable<EpochItem<String>> build(int worker, int workers) {
            List<EpochItem<String>> lines = Text.LINES;
            return () -> new Iterator<>() {
                private int next = worker;

                @Override
                public boolean hasNext() {
                    return next < lines.size();
                }

                @Override
                public EpochItem<String> next() {
                    EpochItem<String> line = lines.get(next);
                    next += workers;
                    return line;
                }
            };
        }
    }

    /**
     * Sums what a worker captured, {@code (epoch, (word, count))} pairs, into {@code [pairs, words,
     * hash]} and puts it in the cluster's map {@code mapName} under the worker's index when the worker
     * is done. The hash adds each pair's epoch, word (its {@code String.hashCode}, the same in every
     * JVM) and count, so that any difference in the output shows.
     */
    record CountingOutput(String clusterName, String mapName) implements OutputBuilderFn {
        @Override
        public OutputFn build(int worker, int workers) {
            long[] sums = new long[3];
            return new OutputFn() {
                @Override
                public void accept(EpochItem<Object> pair) {
                    KeyValue<?, ?> count = (KeyValue<?, ?>) pair.item();
                    long n = ((Number) count.value()).longValue();
                    sums[0]++;
                    sums[1] += n;
                    sums[2] += (pair.epoch() * 1_000_003L + count.key().hashCode()) * 31 + n;
                }

                @Override
                public void close() {
                    SluiceMembers.runningMember(clusterName)
                            .<Integer, long[]>getMap(mapName)
                            .set(worker, sums);
                }
            };
        }
    }

    /** Runs the wordcount flow on the cluster of {@code member}; returns its output summary. */
    static String wordcount(HazelcastInstance member, String clusterName, int workersPerProcess) {
        String mapName = "bench.wordcount." + UUID.randomUUID();
        JetDataflow.run(
                member,
                JetDataflow.dag(
                        Workloads.wordcount(),
                        new TextInput(),
                        new CountingOutput(clusterName, mapName),
                        workersPerProcess));
        IMap<Integer, long[]> map = member.getMap(mapName);
        long[] total = new long[3];
        for (long[] sums : map.values()) {
            for (int i = 0; i < total.length; i++) {
                total[i] += sums[i];
            }
        }
        map.destroy();
        return total[0] + " (epoch, word) counts of " + total[1] + " words, hash " + total[2];
    }

    // --- epoch churn ---

    /** {@code keyValueInput → reduceEpoch(max)}: an epoch's aggregate is the stamp of its last item. */
    static Dataflow<KeyValue<String, Long>, ?> churnFlow() {
        return Dataflow.keyValueInput(String.class, Long.class)
                .reduceEpoch(Math::max)
                .capture();
    }

    /**
     * {@code epochs × perEpoch} items of key {@code "k"}, each stamped with {@code System.nanoTime()}
     * as it is read; worker {@code w} of {@code n} reads the items {@code i} with {@code i % n == w}, so
     * every worker's items and progress take part in closing an epoch. On Linux {@code nanoTime} is the
     * machine's monotonic clock, the same in every JVM, so stamps compare across processes.
     */
    record StampedInput(int epochs, int perEpoch) implements InputBuilderFn<KeyValue<String, Long>> {
        @Override
        public Iterable<EpochItem<KeyValue<String, Long>>> build(int worker, int workers) {
            long total = (long) epochs * perEpoch;
            return () -> new Iterator<>() {
                private long next = worker;

                @Override
                public boolean hasNext() {
                    return next < total;
                }

                @Override
                public EpochItem<KeyValue<String, Long>> next() {
                    long i = next;
                    next += workers;
                    return EpochItem.of(i / perEpoch, KeyValue.of("k", System.nanoTime()));
                }
            };
        }
    }

    /**
     * {@link StampedInput}'s items released at a steady pace: epoch {@code e}'s items (worker {@code w}
     * of {@code n} reads those {@code i} with {@code i % n == w}) are read, each stamped, from
     * {@code startNanos + e × periodNanos} on (the machine's monotonic clock, the same in every JVM, so
     * the workers of both processes keep one pace), and then the worker says at once that it has reached
     * epoch {@code e + 1} ({@link EpochItem#advanceTo}): an epoch closes as soon as its last item is
     * read, not when the next epoch's first item comes a period later. Between epochs the worker parks
     * (the input processor is not cooperative, so it holds no shared Jet thread).
     */
    record PacedInput(int epochs, int perEpoch, long startNanos, long periodNanos)
            implements InputBuilderFn<KeyValue<String, Long>> {
        @Override
        public Iterable<EpochItem<KeyValue<String, Long>>> build(int worker, int workers) {
            return () -> new Iterator<>() {
                private long epoch;
                private boolean released;
                /** The next item's index in the epoch; {@code perEpoch} or more once the worker's are read. */
                private long next = firstOf(0);

                /** The worker's first index in epoch {@code e}: items {@code i} with {@code i % workers == worker}. */
                private long firstOf(long e) {
                    return Math.floorMod(worker - e * perEpoch, workers);
                }

                @Override
                public boolean hasNext() {
                    return epoch < epochs;
                }

                @Override
                public EpochItem<KeyValue<String, Long>> next() {
                    if (!released) {
                        long release = startNanos + epoch * periodNanos;
                        for (long wait = release - System.nanoTime(); wait > 0; wait = release - System.nanoTime()) {
                            LockSupport.parkNanos(wait);
                        }
                        released = true;
                    }
                    if (next < perEpoch) {
                        next += workers;
                        return EpochItem.of(epoch, KeyValue.of("k", System.nanoTime()));
                    }
                    epoch++; // this worker's items of the epoch are read: it is complete here
                    next = firstOf(epoch);
                    released = false;
                    return EpochItem.advanceTo(epoch);
                }
            };
        }
    }

    /**
     * Records, per epoch, the time from its last item's stamp to the receipt of its aggregate, and
     * puts the worker's array in the cluster's map {@code mapName} when the worker is done (only the
     * worker holding the key receives anything).
     */
    record LatencyOutput(String clusterName, String mapName, int epochs) implements OutputBuilderFn {
        @Override
        public OutputFn build(int worker, int workers) {
            long[] latencies = new long[epochs];
            int[] received = new int[1];
            return new OutputFn() {
                @Override
                public void accept(EpochItem<Object> pair) {
                    long now = System.nanoTime();
                    latencies[(int) pair.epoch()] = now - (Long) ((KeyValue<?, ?>) pair.item()).value();
                    received[0]++;
                }

                @Override
                public void close() {
                    if (received[0] > 0) {
                        SluiceMembers.runningMember(clusterName)
                                .<Integer, long[]>getMap(mapName)
                                .set(worker, latencies);
                    }
                }
            };
        }
    }

    /** Runs {@code epochs} epochs on the cluster of {@code member}; returns each epoch's close latency in ns. */
    static long[] churn(HazelcastInstance member, String clusterName, int epochs, int perEpoch, int workersPerProcess) {
        return latencies(member, clusterName, new StampedInput(epochs, perEpoch), epochs, workersPerProcess);
    }

    /** How long after submitting a paced run its first epoch is released: time for the job to start everywhere. */
    static final long PACED_LEAD_NANOS = 500_000_000L;

    /**
     * Runs {@code epochs} epochs released {@code epochsPerSecond} a second ({@link PacedInput}) on the
     * cluster of {@code member}; returns each epoch's close latency in ns.
     */
    static long[] paced(
            HazelcastInstance member,
            String clusterName,
            int epochs,
            int perEpoch,
            int epochsPerSecond,
            int workersPerProcess) {
        PacedInput input = new PacedInput(
                epochs, perEpoch, System.nanoTime() + PACED_LEAD_NANOS, 1_000_000_000L / epochsPerSecond);
        return latencies(member, clusterName, input, epochs, workersPerProcess);
    }

    private static long[] latencies(
            HazelcastInstance member,
            String clusterName,
            InputBuilderFn<KeyValue<String, Long>> input,
            int epochs,
            int workersPerProcess) {
        String mapName = "bench.churn." + UUID.randomUUID();
        JetDataflow.run(
                member,
                JetDataflow.dag(
                        churnFlow(), input, new LatencyOutput(clusterName, mapName, epochs), workersPerProcess));
        IMap<Integer, long[]> map = member.getMap(mapName);
        List<long[]> arrays = new ArrayList<>(map.values());
        map.destroy();
        if (arrays.size() != 1) {
            throw new AssertionError("expected one worker to hold the key, got " + arrays.size());
        }
        long[] latencies = arrays.get(0);
        for (int epoch = 0; epoch < epochs; epoch++) {
            if (latencies[epoch] <= 0) {
                throw new AssertionError("epoch " + epoch + " of " + epochs + " had no aggregate");
            }
        }
        return latencies;
    }
}
