package dev.sluice.examples;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wordcount}: the classic, and the shape of most keyed flows. Stateless steps prepare
 * key/value pairs ({@code mapToKeyValue}), a keyed step folds them ({@code reduceEpoch}), and the
 * result comes out once per epoch, when the epoch is complete on every worker.
 *
 * <p>Input: lines of text. Output: {@code [word, count]} per word and epoch.
 */
public final class Wordcount {

    /** What counts as a word: anything but white space, punctuation and digits. */
    private static final Pattern WORD = Pattern.compile("[^\\s!,.?\":;0-9]+");

    private Wordcount() {}

    public static Dataflow<String, ?> flow() {
        return Dataflow.input(String.class)
                .map(String::toLowerCase)
                .flatMap(Wordcount::words)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
    }

    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        Matcher matcher = WORD.matcher(line);
        while (matcher.find()) {
            words.add(matcher.group());
        }
        return words;
    }
}
