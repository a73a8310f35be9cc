package dev.sluice.examples;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.KeyedDataflow;
import dev.sluice.dataflow.StateUpdate;
import java.io.Serializable;
import java.util.ArrayDeque;

/**
 * {@code anomaly-detector}: per-key state with {@code statefulMap}. Each metric keeps a small z-score
 * detector over its last ten values; because {@code statefulMap} sees a key's values in epoch order,
 * the detector's window is exactly the ten previous readings, however many workers share the work.
 *
 * <p>Input: {@code [metric, number]}. Output: {@code [metric, [value, mean, stddev, anomalous]]}.
 */
public final class AnomalyDetector {

    /** How many standard deviations from the mean make a value anomalous. */
    static final double THRESHOLD = 2.0;

    /** How many recent values the detector remembers. */
    static final int WINDOW = 10;

    private AnomalyDetector() {}

    public static KeyedDataflow<KeyValue<String, Double>, String, Anomaly> flow() {
        return Dataflow.keyValueInput(String.class, Double.class)
                .statefulMap(metric -> new ZScoreDetector(), ZScoreDetector::push)
                .capture();
    }

    /** One verdict: the value, the window's mean and population standard deviation after it, and whether it stood out. */
    @JsonFormat(shape = JsonFormat.Shape.ARRAY)
    @JsonPropertyOrder({"value", "mean", "stddev", "anomalous"})
    public record Anomaly(double value, double mean, double stddev, boolean anomalous) implements Serializable {}

    /** The last {@link #WINDOW} values of one metric, with their mean and standard deviation. */
    static final class ZScoreDetector implements Serializable {

        private final ArrayDeque<Double> window = new ArrayDeque<>();
        private Double mean;
        private Double stddev;

        StateUpdate<ZScoreDetector, Anomaly> push(double value) {
            boolean anomalous = mean != null
                    && stddev != null
                    && mean != 0.0
                    && stddev != 0.0
                    && Math.abs(value - mean) / stddev > THRESHOLD;
            window.addLast(value);
            if (window.size() > WINDOW) {
                window.removeFirst();
            }
            double sum = 0;
            for (double v : window) {
                sum += v;
            }
            mean = sum / window.size();
            double squares = 0;
            for (double v : window) {
                squares += (v - mean) * (v - mean);
            }
            stddev = Math.sqrt(squares / window.size());
            return StateUpdate.of(this, new Anomaly(value, mean, stddev, anomalous));
        }
    }
}
