package dev.sluice.examples;

import dev.sluice.dataflow.KeyValue;
import java.io.Serializable;
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
        AnomalyDetector.ZScoreDetector detector =
                detectors.computeIfAbsent(reading.key(), metric -> new AnomalyDetector.ZScoreDetector());
        output.accept(reading.key(), detector.push(reading.value()).value());
    }

    /**
     * One metric's {@link AnomalyDetector.ZScoreDetector}, for engines that keep the per-key state
     * themselves (raw Jet's {@code mapStateful}, Flink's keyed state) in the benchmarks.
     */
    public static final class Detector implements Serializable {

        private final AnomalyDetector.ZScoreDetector detector = new AnomalyDetector.ZScoreDetector();

        /** Feeds one reading of this metric; returns its verdict. */
        public AnomalyDetector.Anomaly push(double value) {
            return detector.push(value).value();
        }
    }
}
