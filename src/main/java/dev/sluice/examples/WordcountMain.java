package dev.sluice.examples;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.execution.Sluice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Runs {@link Wordcount} over a text file in this thread, the whole file as one epoch, and prints
 * {@code word count} lines, most frequent first. The file defaults to {@code samples/wordcount.txt}.
 */
public final class WordcountMain {

    private WordcountMain() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "samples/wordcount.txt");
        List<EpochItem<String>> lines = Files.readAllLines(file).stream()
                .map(line -> EpochItem.of(0, line))
                .toList();

        List<EpochItem<Object>> counts = Sluice.run(Wordcount.flow(), lines);

        counts.stream()
                .map(pair -> (KeyValue<?, ?>) pair.item())
                .sorted(Comparator.comparing((KeyValue<?, ?> kv) -> -(Integer) kv.value())
                        .thenComparing(kv -> (String) kv.key()))
                .forEach(kv -> System.out.println(kv.key() + " " + kv.value()));
    }
}
