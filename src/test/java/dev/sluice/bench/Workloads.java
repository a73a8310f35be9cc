package dev.sluice.bench;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark workloads, each as a Sluice flow and as the same work done by hand, over the same
 * generated, boxed input.
 */
public final class Workloads {

    /** The tokens of the {@code wordcount} example: SPEC §6. */
    private static final Pattern WORD = Pattern.compile("[^\\s!,.?\":;0-9]+");

    private Workloads() {}

    // --- stateless chain: map -> filter -> flatMap -> map ---

    public static Dataflow<Integer, Integer> statelessChain() {
        return Dataflow.input(Integer.class)
                .map(x -> x * 3)
                .filter(x -> x % 2 == 0)
                .flatMap(x -> List.of(x, x + 1))
                .map(x -> x + 1)
                .capture();
    }

    /** The stateless chain as a plain loop, collecting the same output pairs. */
    public static List<EpochItem<Object>> statelessChainLoop(List<EpochItem<Integer>> input) {
        List<EpochItem<Object>> out = new ArrayList<>();
        for (EpochItem<Integer> epochItem : input) {
            Integer x = epochItem.item() * 3;
            if (x % 2 == 0) {
                for (Integer y : List.of(x, x + 1)) {
                    out.add(new EpochItem<>(epochItem.epoch(), (Object) (y + 1)));
                }
            }
        }
        return out;
    }

    /**
     * The stateless chain over longs, as {@code JetDriverBenchmark} runs it: {@code i * 3}, keep the
     * even, {@code (x, x + 1)}, {@code + 7}.
     */
    public static Dataflow<Long, Long> statelessChainOfLongs() {
        return Dataflow.input(Long.class)
                .map(i -> i * 3)
                .filter(i -> i % 2 == 0)
                .flatMap(i -> List.of(i, i + 1))
                .map(i -> i + 7)
                .capture();
    }

    /** {@link #statelessChainOfLongs()} as a plain loop collecting the output pairs, as {@code Sluice.run} does. */
    public static List<EpochItem<Object>> statelessChainOfLongsLoop(Iterable<EpochItem<Long>> input) {
        List<EpochItem<Object>> out = new ArrayList<>();
        for (EpochItem<Long> epochItem : input) {
            Long x = epochItem.item() * 3;
            if (x % 2 == 0) {
                for (Long y : List.of(x, x + 1)) {
                    out.add(new EpochItem<>(epochItem.epoch(), (Object) (y + 7)));
                }
            }
        }
        return out;
    }

    /** The longs {@code 0 .. count - 1} boxed as they are read, in 100 epochs (as {@code JetDriverBenchmark}'s). */
    public static Iterable<EpochItem<Long>> longs(long count) {
        return () -> new Iterator<>() {
            private long next;

            @Override
            public boolean hasNext() {
                return next < count;
            }

            @Override
            public EpochItem<Long> next() {
                long i = next++;
                return EpochItem.of(i * 100 / count, i);
            }
        };
    }

    /** {@code count} boxed integers, {@code perEpoch} to an epoch. */
    public static List<EpochItem<Integer>> integers(int count, int perEpoch) {
        List<EpochItem<Integer>> input = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            input.add(EpochItem.of(i / perEpoch, i));
        }
        return input;
    }

    // --- wordcount with reduceEpoch ---

    public static Dataflow<String, ?> wordcount() {
        return Dataflow.input(String.class)
                .map(String::toLowerCase)
                .flatMap(Workloads::tokens)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
    }

    /** Wordcount as a plain loop: a hash map per epoch, emitted when the epoch changes. */
    public static List<EpochItem<Object>> wordcountLoop(List<EpochItem<String>> input) {
        List<EpochItem<Object>> out = new ArrayList<>();
        HashMap<String, Integer> counts = new HashMap<>();
        long epoch = -1;
        for (EpochItem<String> line : input) {
            if (line.epoch() != epoch) {
                emitCounts(epoch, counts, out);
                epoch = line.epoch();
            }
            for (String word : tokens(line.item().toLowerCase())) {
                counts.merge(word, 1, Integer::sum);
            }
        }
        emitCounts(epoch, counts, out);
        return out;
    }

    private static void emitCounts(long epoch, HashMap<String, Integer> counts, List<EpochItem<Object>> out) {
        for (var count : counts.entrySet()) {
            out.add(new EpochItem<>(epoch, KeyValue.of(count.getKey(), count.getValue())));
        }
        counts.clear();
    }

    public static List<String> tokens(String line) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(line);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    /**
     * Generated text: {@code epochs} epochs of {@code linesPerEpoch} lines of 6–12 words drawn from a
     * 2,000-word vocabulary with a skew towards common words, plus punctuation and digits.
     */
    public static List<EpochItem<String>> text(int epochs, int linesPerEpoch, long seed) {
        Random random = new Random(seed);
        String[] vocabulary = new String[2000];
        for (int i = 0; i < vocabulary.length; i++) {
            vocabulary[i] =
                    (i % 7 == 0 ? "Word" : "word") + Integer.toString(i, 36).replaceAll("[0-9]", "x");
        }
        String[] separators = {" ", " ", " ", ", ", ". ", "! ", " 42 ", "? "};
        List<EpochItem<String>> lines = new ArrayList<>(epochs * linesPerEpoch);
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int l = 0; l < linesPerEpoch; l++) {
                StringBuilder line = new StringBuilder();
                int words = 6 + random.nextInt(7);
                for (int w = 0; w < words; w++) {
                    double u = random.nextDouble();
                    line.append(vocabulary[(int) (u * u * u * vocabulary.length)]);
                    line.append(separators[random.nextInt(separators.length)]);
                }
                lines.add(EpochItem.of(epoch, line.toString()));
            }
        }
        return lines;
    }
}
