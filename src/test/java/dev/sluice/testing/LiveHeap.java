package dev.sluice.testing;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * This JVM's live heap by class, from {@code GC.class_histogram} (what {@code jcmd <pid>
 * GC.class_histogram} prints; it runs a full GC first): for tests that something repeated leaves
 * nothing behind.
 */
public final class LiveHeap {

    private static final int WARM_UP_ROUNDS = 300;

    private static final Pattern LINE = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)");

    /**
     * The histogram as the JVM printed it, parsed only when compared: parsed, it would hold a string
     * and a map entry per class, which the next histogram would count as growth.
     */
    private final String histogram;

    private LiveHeap(String histogram) {
        this.histogram = histogram;
    }

    /**
     * Repeats {@code work} (given how many times to repeat) until what its first rounds load for good
     * has been loaded (classes, lambda forms, the caches of Hazelcast, Jet and the JDK), so that what
     * is measured after it is growth per round, not that.
     */
    public static void warmUp(IntConsumer work) {
        work.accept(WARM_UP_ROUNDS);
    }

    /** Live instances per class name, now. */
    public static LiveHeap now() {
        String histogram;
        try {
            histogram = (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("no class histogram in this JVM", e);
        }
        return new LiveHeap(histogram);
    }

    private Map<String, Long> instances() {
        Map<String, Long> instances = new HashMap<>();
        for (String line : histogram.split("\n")) {
            Matcher matcher = LINE.matcher(line);
            if (matcher.find()) {
                instances.merge(matcher.group(2), Long.parseLong(matcher.group(1)), Long::sum);
            }
        }
        if (instances.isEmpty()) {
            throw new IllegalStateException("an empty class histogram: " + histogram);
        }
        return instances;
    }

    /** The classes with at least {@code atLeast} more live instances now than in {@code earlier}, with how many. */
    public Map<String, Long> grownSince(LiveHeap earlier, long atLeast) {
        Map<String, Long> then = earlier.instances();
        return instances().entrySet().stream()
                .filter(e -> e.getValue() - then.getOrDefault(e.getKey(), 0L) >= atLeast)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue() - then.getOrDefault(e.getKey(), 0L)));
    }
}
