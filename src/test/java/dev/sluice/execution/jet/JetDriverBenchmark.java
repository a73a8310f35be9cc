package dev.sluice.execution.jet;

import com.hazelcast.config.SerializerConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.BatchStage;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.SourceBuilder;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.execution.local.LocalDriver;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Our Jet driver against the same jobs written as raw Jet {@code Pipeline}s, side by side in one JVM
 * with one member and 2 workers (local parallelism 2 everywhere), plus a plain single-threaded Java
 * loop for scale. Not a test: run it by hand.
 *
 * <pre>
 * bench/run.sh dev.sluice.execution.jet.JetDriverBenchmark
 * </pre>
 * {@code -Djob=wordcount} or {@code -Djob=stateless} (a JVM option) runs one job only.
 *
 * <ul>
 *   <li><b>wordcount</b>: lines over 100 epochs; lower-case, tokens, {@code (word, 1)}, per-epoch sum.
 *       Raw Jet groups by {@code (epoch, word)}, once with {@code rebalance(key)} in front (one
 *       distributed aggregation stage, our shape) and once with the default two-stage
 *       {@code groupingKey().aggregate()} (local pre-aggregation, then combine).</li>
 *   <li><b>stateless</b>: 5M boxed longs over 100 epochs through map → filter → flatMap → map.</li>
 * </ul>
 * Each contender first runs once and its output is checked against the others; then each runs as
 * warm-up, then 3 rounds with the contenders alternating. Figures are the best of the rounds.
 */
public final class JetDriverBenchmark {

    /** Contender names, shared with {@code dev.sluice.bench.BenchmarkSuite}. */
    public static final String LOCAL = "sluice local driver";

    public static final String RAW = "raw jet";
    public static final String RAW_SINGLE = "raw jet, single-stage (rebalance by key)";
    public static final String RAW_TWO = "raw jet, two-stage (groupingKey.aggregate)";
    /** Our two-stage shape: {@code reduceEpochLocal} on each worker, then {@code reduceEpoch}. */
    public static final String SLUICE_TWO = "sluice jet driver, two-stage (reduceEpochLocal + reduceEpoch)";

    public static final String LOOP = "plain java loop, 1 thread";

    private static final int WORKERS = 2;
    private static final int EPOCHS = 100;
    private static final int LINES = 400_000;
    private static final int WORDS_PER_LINE = 12;
    private static final int VOCABULARY = 2_000;
    /** Stateless chain input size; {@code -Dbench.numbers=N} or {@link #setNumbers} changes it. */
    static long NUMBERS = Long.getLong("bench.numbers", 5_000_000L);

    private static final int ROUNDS = 3;
    private static final String SLUICE = "sluice";
    private static final Pattern TOKEN = Pattern.compile("[^\\s!,.?\":;0-9]+");

    // Shared through statics, not captured: the member runs in this JVM and DAG functions are serialized.
    static List<String> lines;
    static final Queue<Object> OUTPUT = new ConcurrentLinkedQueue<>();
    static final LongAdder COUNT = new LongAdder();
    static final LongAdder SUM = new LongAdder();

    private JetDriverBenchmark() {}

    public static void main(String[] args) {
        String job = System.getProperty("job", "all");
        lines = generateLines();
        try (JetTestCluster cluster = JetTestCluster.start(
                1,
                i -> null,
                config -> config.getSerializationConfig()
                        .addSerializerConfig(new SerializerConfig()
                                .setTypeClass(EpochWord.class)
                                .setImplementation(new EpochWordSerializer())))) {
            HazelcastInstance hz = cluster.member(0);
            if (job.equals("all") || job.equals("wordcount")) {
                Map<String, Runnable> contenders = new LinkedHashMap<>();
                contenders.put(SLUICE, () -> runSluice(hz, wordcountFlow(), JetDriverBenchmark::linesOf));
                contenders.put(SLUICE_TWO, () -> runSluice(hz, twoStageWordcountFlow(), JetDriverBenchmark::linesOf));
                contenders.put("raw jet, single-stage (rebalance by key)", () -> runRaw(hz, wordcountPipeline(true)));
                contenders.put(
                        "raw jet, two-stage (groupingKey.aggregate)", () -> runRaw(hz, wordcountPipeline(false)));
                contenders.put("plain java loop, 1 thread", JetDriverBenchmark::wordcountLoop);
                long words =
                        lines.stream().mapToLong(line -> tokens(line).size()).sum();
                bench("wordcount", words, "words", contenders, JetDriverBenchmark::wordcountResult);
            }
            if (job.equals("all") || job.equals("stateless")) {
                Map<String, Runnable> contenders = new LinkedHashMap<>();
                contenders.put(SLUICE, () -> runSluice(hz, statelessFlow(), JetDriverBenchmark::numbersOf));
                contenders.put(RAW, () -> runRaw(hz, statelessPipeline()));
                contenders.put("plain java loop, 1 thread", JetDriverBenchmark::statelessLoop);
                bench(
                        "stateless chain",
                        NUMBERS,
                        "input items",
                        contenders,
                        () -> COUNT.sum() + " items, sum " + SUM.sum());
            }
        }
    }

    // --- reusable pieces for dev.sluice.bench.BenchmarkSuite ---

    /** One member with {@value #WORKERS} workers in this JVM, configured as this benchmark needs. */
    public static final class Member implements AutoCloseable {
        private final JetTestCluster cluster;
        public final HazelcastInstance hz;

        private Member() {
            cluster = JetTestCluster.start(
                    1,
                    i -> null,
                    config -> config.getSerializationConfig()
                            .addSerializerConfig(new SerializerConfig()
                                    .setTypeClass(EpochWord.class)
                                    .setImplementation(new EpochWordSerializer())));
            hz = cluster.member(0);
        }

        public static Member start() {
            if (lines == null) {
                lines = generateLines();
            }
            return new Member();
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    public static int workers() {
        return WORKERS;
    }

    public static void setNumbers(long numbers) {
        NUMBERS = numbers;
    }

    public static long numbers() {
        return NUMBERS;
    }

    /** Wordcount contenders: the Jet driver (named {@code "sluice"}), the local driver, raw Jet both ways, a loop. */
    public static Map<String, Runnable> wordcountContenders(HazelcastInstance hz) {
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        contenders.put(SLUICE, () -> runSluice(hz, wordcountFlow(), JetDriverBenchmark::linesOf));
        contenders.put(SLUICE_TWO, () -> runSluice(hz, twoStageWordcountFlow(), JetDriverBenchmark::linesOf));
        contenders.put(LOCAL, () -> runLocal(wordcountFlow(), linesOf(0, 1)));
        contenders.put(RAW_SINGLE, () -> runRaw(hz, wordcountPipeline(true)));
        contenders.put(RAW_TWO, () -> runRaw(hz, wordcountPipeline(false)));
        contenders.put(LOOP, JetDriverBenchmark::wordcountLoop);
        return contenders;
    }

    public static Object wordcountOutput() {
        return wordcountResult();
    }

    public static long wordcountWords() {
        return lines.stream().mapToLong(line -> tokens(line).size()).sum();
    }

    public static int wordcountLines() {
        return LINES;
    }

    /** The wordcount's line {@code index}, once {@link Member#start()} has generated them. */
    public static String line(int index) {
        return lines.get(index);
    }

    /** Adds one {@code (epoch, word)} count to the wordcount output, for contenders outside this class. */
    public static void addCount(long epoch, String word, long count) {
        OUTPUT.add(Map.entry(new EpochWord(epoch, word), count));
    }

    /** Stateless chain contenders: the Jet driver ({@code "sluice"}), the local driver, raw Jet, a loop. */
    public static Map<String, Runnable> statelessContenders(HazelcastInstance hz) {
        Map<String, Runnable> contenders = new LinkedHashMap<>();
        contenders.put(SLUICE, () -> runSluice(hz, statelessFlow(), JetDriverBenchmark::numbersOf));
        contenders.put(LOCAL, () -> runLocal(statelessFlow(), numbersOf(0, 1)));
        contenders.put(RAW, () -> runRaw(hz, statelessPipeline()));
        contenders.put(LOOP, JetDriverBenchmark::statelessLoop);
        return contenders;
    }

    public static Object statelessOutput() {
        return COUNT.sum() + " items, sum " + SUM.sum();
    }

    public static void resetOutputs() {
        reset();
    }

    /** The local driver, its captured output going where the Jet driver's goes. */
    private static <I> void runLocal(Dataflow<I, ?> flow, Iterable<EpochItem<I>> input) {
        try (LocalDriver<I> driver = new LocalDriver<>(flow, (epoch, item) -> {
            if (item instanceof Long number) {
                add(number);
            } else {
                OUTPUT.add(EpochItem.of(epoch, item));
            }
        })) {
            for (EpochItem<I> epochItem : input) {
                driver.push(epochItem);
            }
            driver.finish();
        }
    }

    // --- wordcount ---

    /** The wordcount's tokens of a line, lower-cased (public for the suite's Flink contender). */
    public static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>(WORDS_PER_LINE);
        Matcher matcher = TOKEN.matcher(line.toLowerCase());
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    /** The epoch of the wordcount's line {@code index} (public for the suite's Flink contender). */
    public static long epochOfLine(int index) {
        return (long) index * EPOCHS / LINES;
    }

    private static Dataflow<String, ?> wordcountFlow() {
        return Dataflow.input(String.class)
                .flatMap(JetDriverBenchmark::tokens)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
    }

    /** The same wordcount, summed per worker first: the shape of Jet's two-stage aggregation. */
    private static Dataflow<String, ?> twoStageWordcountFlow() {
        return Dataflow.input(String.class)
                .flatMap(JetDriverBenchmark::tokens)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpochLocal(Integer::sum)
                .reduceEpoch(Integer::sum)
                .capture();
    }

    private static Iterable<EpochItem<String>> linesOf(int worker, int workers) {
        return () -> new Iterator<>() {
            private int next = worker;

            @Override
            public boolean hasNext() {
                return next < LINES;
            }

            @Override
            public EpochItem<String> next() {
                int index = next;
                next += workers;
                return EpochItem.of(epochOfLine(index), lines.get(index));
            }
        };
    }

    record EpochLine(long epoch, String line) implements Serializable {}

    /**
     * Raw Jet's grouping key. Given what a careful Jet user would: a hash that spreads (the record's
     * own, {@code 31 * epoch + word}, collides heavily here) and a fast serializer (Jet's default
     * partitioner serializes every key).
     */
    record EpochWord(long epoch, String word) implements Serializable {
        @Override
        public int hashCode() {
            return word.hashCode() * 1_000_003 + Long.hashCode(epoch);
        }
    }

    static final class EpochWordSerializer implements StreamSerializer<EpochWord> {
        @Override
        public int getTypeId() {
            return 7190;
        }

        @Override
        public void write(ObjectDataOutput out, EpochWord key) throws IOException {
            out.writeLong(key.epoch());
            out.writeString(key.word());
        }

        @Override
        public EpochWord read(ObjectDataInput in) throws IOException {
            return new EpochWord(in.readLong(), in.readString());
        }
    }

    private static Pipeline wordcountPipeline(boolean singleStage) {
        BatchSource<EpochLine> source = SourceBuilder.batch(
                        "lines", context -> new int[] {context.globalProcessorIndex(), context.totalParallelism()})
                .<EpochLine>fillBufferFn((cursor, buffer) -> {
                    for (int n = 0; n < 1024; n++) {
                        if (cursor[0] >= LINES) {
                            buffer.close();
                            return;
                        }
                        buffer.add(new EpochLine(epochOfLine(cursor[0]), lines.get(cursor[0])));
                        cursor[0] += cursor[1];
                    }
                })
                .distributed(WORKERS)
                .build();
        Pipeline pipeline = Pipeline.create();
        BatchStage<EpochWord> words = pipeline.readFrom(source)
                .flatMap(line ->
                        Traversers.traverseIterable(tokens(line.line())).map(word -> new EpochWord(line.epoch(), word)))
                .setLocalParallelism(WORKERS);
        if (singleStage) {
            words = words.rebalance(word -> word);
        }
        words.groupingKey(word -> word)
                .aggregate(AggregateOperations.counting())
                .setLocalParallelism(WORKERS)
                .writeTo(collect());
        return pipeline;
    }

    private static void wordcountLoop() {
        Map<EpochWord, Long> counts = new HashMap<>();
        for (int i = 0; i < LINES; i++) {
            long epoch = epochOfLine(i);
            for (String word : tokens(lines.get(i))) {
                counts.merge(new EpochWord(epoch, word), 1L, Long::sum);
            }
        }
        counts.forEach((key, count) -> OUTPUT.add(Map.entry(key, count)));
    }

    /** Every (epoch, word) with its count, whoever produced it. */
    private static Map<EpochWord, Long> wordcountResult() {
        Map<EpochWord, Long> result = new HashMap<>();
        for (Object item : OUTPUT) {
            if (item instanceof EpochItem<?> pair && pair.item() instanceof KeyValue<?, ?> kv) {
                result.put(new EpochWord(pair.epoch(), (String) kv.key()), ((Number) kv.value()).longValue());
            } else if (item instanceof Entry<?, ?> entry) {
                result.put((EpochWord) entry.getKey(), ((Number) entry.getValue()).longValue());
            }
        }
        return result;
    }

    private static List<String> generateLines() {
        List<String> generated = new ArrayList<>(LINES);
        long seed = 42;
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < LINES; i++) {
            line.setLength(0);
            for (int w = 0; w < WORDS_PER_LINE; w++) {
                seed = seed * 6364136223846793005L + 1442695040888963407L;
                int word = (int) Long.remainderUnsigned(seed >>> 17, VOCABULARY);
                line.append(w == 0 ? "" : w % 5 == 0 ? ", " : " ").append(w == 0 ? "The" : word(word));
            }
            generated.add(line.append('.').toString());
        }
        return generated;
    }

    /** A word of letters only (the tokenizer drops digits): the word's number in base 26. */
    private static String word(int number) {
        StringBuilder word = new StringBuilder();
        int n = number;
        do {
            word.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return word.toString();
    }

    // --- stateless chain ---

    private static Dataflow<Long, ?> statelessFlow() {
        return Dataflow.input(Long.class)
                .map(i -> i * 3)
                .filter(i -> i % 2 == 0)
                .flatMap(i -> List.of(i, i + 1))
                .map(i -> i + 7)
                .capture();
    }

    static long epochOfNumber(long i) {
        return i * EPOCHS / NUMBERS;
    }

    private static Iterable<EpochItem<Long>> numbersOf(int worker, int workers) {
        return () -> new Iterator<>() {
            private long next = worker;

            @Override
            public boolean hasNext() {
                return next < NUMBERS;
            }

            @Override
            public EpochItem<Long> next() {
                long i = next;
                next += workers;
                return EpochItem.of(epochOfNumber(i), i);
            }
        };
    }

    private static Pipeline statelessPipeline() {
        BatchSource<Long> source = SourceBuilder.batch(
                        "numbers", context -> new long[] {context.globalProcessorIndex(), context.totalParallelism()})
                .<Long>fillBufferFn((cursor, buffer) -> {
                    for (int n = 0; n < 1024; n++) {
                        if (cursor[0] >= NUMBERS) {
                            buffer.close();
                            return;
                        }
                        buffer.add(cursor[0]);
                        cursor[0] += cursor[1];
                    }
                })
                .distributed(WORKERS)
                .build();
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source)
                .map(i -> i * 3)
                .setLocalParallelism(WORKERS)
                .filter(i -> i % 2 == 0)
                .setLocalParallelism(WORKERS)
                .flatMap(i -> Traversers.traverseItems(i, i + 1))
                .setLocalParallelism(WORKERS)
                .map(i -> i + 7)
                .setLocalParallelism(WORKERS)
                .writeTo(checksum());
        return pipeline;
    }

    private static void statelessLoop() {
        for (long n = 0; n < NUMBERS; n++) {
            Long i = n * 3;
            if (i % 2 == 0) {
                for (Long j : List.of(i, i + 1)) {
                    add(j + 7);
                }
            }
        }
    }

    // --- running and measuring ---

    private static <I> void runSluice(HazelcastInstance hz, Dataflow<I, ?> flow, InputBuilderFn<I> input) {
        var dag = JetDataflow.dag(
                flow,
                input,
                (worker, workers) -> pair -> {
                    if (pair.item() instanceof Long item) {
                        add(item);
                    } else {
                        OUTPUT.add(pair);
                    }
                },
                WORKERS);
        JetDataflow.run(hz, dag);
    }

    private static void runRaw(HazelcastInstance hz, Pipeline pipeline) {
        hz.getJet().newLightJob(pipeline).join();
    }

    private static Sink<Object> collect() {
        return SinkBuilder.sinkBuilder("collect", context -> OUTPUT)
                .receiveFn(Queue<Object>::add)
                .preferredLocalParallelism(WORKERS)
                .build();
    }

    private static Sink<Long> checksum() {
        return SinkBuilder.sinkBuilder("checksum", context -> COUNT)
                .<Long>receiveFn((count, item) -> add(item))
                .preferredLocalParallelism(WORKERS)
                .build();
    }

    /** Counts one stateless-chain output item (public for the suite's Flink contender). */
    public static void add(long item) {
        COUNT.increment();
        SUM.add(item);
    }

    private static void reset() {
        OUTPUT.clear();
        COUNT.reset();
        SUM.reset();
    }

    /**
     * Runs each contender once and checks that all give the same result; then each once more as
     * warm-up; then {@value #ROUNDS} rounds, the contenders alternating; reports the best time of each.
     */
    private static void bench(
            String job, long items, String unit, Map<String, Runnable> contenders, Supplier<?> result) {
        Object expected = null;
        for (Map.Entry<String, Runnable> contender : contenders.entrySet()) {
            reset();
            contender.getValue().run();
            Object actual = result.get();
            if (expected == null) {
                expected = actual;
            } else if (!Objects.equals(expected, actual)) {
                throw new AssertionError(job + ": " + contender.getKey() + " disagrees with " + SLUICE);
            }
        }
        String summary =
                expected instanceof Map<?, ?> map ? map.size() + " (epoch, word) counts" : String.valueOf(expected);
        System.out.println(job + ": outputs agree (" + summary + ")");
        contenders.values().forEach(run -> {
            reset();
            run.run();
        });
        Map<String, Long> best = new LinkedHashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Runnable> contender : contenders.entrySet()) {
                reset();
                System.gc();
                long start = System.nanoTime();
                contender.getValue().run();
                best.merge(contender.getKey(), System.nanoTime() - start, Math::min);
            }
        }
        report(job, items, unit, best);
    }

    private static void report(String job, long items, String unit, Map<String, Long> best) {
        long ours = best.get(SLUICE);
        System.out.printf(
                "%n%s: %,d %s, %d workers, best of %d rounds (ours/this: our throughput over this one's)%n",
                job, items, unit, WORKERS, ROUNDS);
        best.forEach((name, nanos) -> System.out.printf(
                "  %-45s %8.0f ms %,14.0f %s/s   ours/this %.2f×%n",
                name, nanos / 1e6, items / (nanos / 1e9), unit, (double) nanos / ours));
    }
}
