package dev.sluice.examples;

import dev.sluice.dataflow.KeyValue;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The anomaly detector's work as a plain loop: the same {@link AnomalyDetector.ZScoreDetector} per
 * key in a hash map, for the benchmarks (it lives here because the detector is package-private).
 */
public final class AnomalyDetectorLoop {

    private final Map<String, AnomalyDetector.ZScoreDetector> detectors = new HashMap<>();

    /** Feeds one reading; {@code output} receives the metric and its verdict. */
    public void push(KeyValue<String, Double> reading, BiConsumer<String, AnomalyDetector.Anomaly> output) {
        AnomalyDetector.ZScoreDetector detector = detectors.computeIfAbsent(reading.key(),
                metric -> new AnomalyDetector.ZScoreDetector());
        output.accept(reading.key(), detector.push(reading.value()).value());
    }
}
