package dev.sluice.examples;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.execution.Sluice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Wordcount end to end on a text file, with the one-thread driver: the whole file is one epoch, each
 * line is split into words, and the words are counted with {@code reduceEpoch}.
 *
 * <p>Run it with the README's first command; it prints {@code word count} lines, most frequent first.
 */
public final class WordcountExample {

    private static final Pattern WORD = Pattern.compile("[^\\s!,.?\":;0-9]+");

    private WordcountExample() {}

    /** The flow: lower-case, split into words, {@code (word, 1)}, sum per epoch. */
    public static Dataflow<String, ?> wordcount() {
        return Dataflow.input(String.class)
                .map(String::toLowerCase)
                .flatMap(WordcountExample::words)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
    }

    static List<String> words(String line) {
        Matcher matcher = WORD.matcher(line);
        List<String> words = new java.util.ArrayList<>();
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "samples/wordcount.txt");
        List<EpochItem<String>> lines = Files.readAllLines(file).stream().map(line -> EpochItem.of(0, line)).toList();

        List<EpochItem<Object>> counts = Sluice.run(wordcount(), lines);

        counts.stream()
                .map(pair -> (KeyValue<?, ?>) pair.item())
                .sorted(Comparator.comparing((KeyValue<?, ?> kv) -> -(Integer) kv.value())
                        .thenComparing(kv -> (String) kv.key()))
                .forEach(kv -> System.out.println(kv.key() + " " + kv.value()));
    }
}
