package dev.sluice.examples;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code pagerank}: one iteration of PageRank, and keyed steps in a chain. {@code reduceEpoch} gathers
 * each page's links; each page then shares its weight among the pages it links to; the shares are
 * summed first on each worker ({@code reduceEpochLocal}, no network) and then across workers
 * ({@code reduceEpoch}), which is how to save exchange traffic on a hot key.
 *
 * <p>Input: lines {@code "parent,child"} (spaces around the names are trimmed; a line without a comma
 * makes the first step throw, as in the seed). Output: {@code [node, rank]} per epoch.
 */
public final class PageRank {

    private PageRank() {}

    public static Dataflow<String, ?> flow() {
        return Dataflow.input(String.class)
                .mapToKeyValue(PageRank::link)
                .reduceEpoch(PageRank::union)
                .flatMapToKeyValue(page -> page.value().stream()
                        .map(child -> KeyValue.of(child, 1.0 / page.value().size()))
                        .toList())
                .reduceEpochLocal(Double::sum)
                .reduceEpoch(Double::sum)
                .map(node -> KeyValue.of(node.key(), 0.15 + 0.85 * node.value()))
                .capture();
    }

    static KeyValue<String, Set<String>> link(String line) {
        int comma = line.indexOf(',');
        if (comma < 0) {
            throw new IllegalArgumentException("a link is \"parent,child\", got \"" + line + "\"");
        }
        return KeyValue.of(
                line.substring(0, comma).trim(),
                Set.of(line.substring(comma + 1).trim()));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> both = new HashSet<>(a);
        both.addAll(b);
        return both;
    }
}
