package dev.sluice.server;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded inputs for the example flows, for the tests that run them on clusters of service JVMs. */
final class ExampleInputs {

    private static final List<String> WORDS = List.of(
            "the",
            "quick",
            "brown",
            "fox",
            "jumps",
            "over",
            "lazy",
            "dog",
            "Sluice",
            "epoch",
            "worker",
            "flow",
            "river",
            "Stream",
            "data",
            "key",
            "value",
            "state",
            "cluster",
            "member",
            "hazel",
            "cast",
            "jet",
            "spring",
            "bytewax",
            "timely",
            "frontier",
            "batch",
            "item",
            "word");
    private static final List<String> PUNCTUATION =
            List.of(" ", " ", " ", ", ", ". ", "! ", "? ", "; ", ": ", " \"", " 42 ");

    private ExampleInputs() {}

    /** Lines of text: {@code linesPerEpoch} lines in each of {@code epochs} epochs. */
    static List<EpochItem<String>> wordcount(Random random, int epochs, int linesPerEpoch) {
        List<EpochItem<String>> input = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int line = 0; line < linesPerEpoch; line++) {
                StringBuilder text = new StringBuilder();
                int words = 1 + random.nextInt(8);
                for (int w = 0; w < words; w++) {
                    String word = WORDS.get(random.nextInt(WORDS.size()));
                    text.append(random.nextInt(5) == 0 ? word.toUpperCase() : word);
                    text.append(PUNCTUATION.get(random.nextInt(PUNCTUATION.size())));
                }
                input.add(EpochItem.of(epoch, text.toString()));
            }
        }
        return input;
    }

    /**
     * Readings of 10 metrics in each of {@code epochs} epochs, each metric at most once per epoch (its
     * values must come in a defined order), with the odd spike; two decimals, so the JSON gives the very
     * same doubles.
     */
    static List<EpochItem<KeyValue<String, Double>>> anomalyReadings(Random random, int epochs) {
        List<EpochItem<KeyValue<String, Double>>> input = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int metric = 0; metric < 10; metric++) {
                if (random.nextInt(5) == 0) {
                    continue;
                }
                double value = 10 * (metric + 1) + random.nextGaussian() * (metric + 1);
                if (random.nextInt(15) == 0) {
                    value *= 3; // a spike
                }
                input.add(EpochItem.of(epoch, KeyValue.of("metric-" + metric, Math.round(value * 100) / 100.0)));
            }
        }
        return input;
    }
}
