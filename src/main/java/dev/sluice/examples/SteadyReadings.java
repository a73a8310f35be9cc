package dev.sluice.examples;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.failure.Throwables;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * An input builder for {@code anomaly-detector} jobs: endless, fully ordered readings
 * ({@code [metric, value]}, reading {@code i} in epoch {@code i}) at a steady rate, split over the
 * workers as {@code run_cluster} splits input. Values hover around a per-metric level with some
 * noise, and now and then spike, so the detector has something to find.
 *
 * <p>Served as the input builder bean {@code steady-readings}; a job on it runs until cancelled.
 */
public final class SteadyReadings implements InputBuilderFn<KeyValue<String, Double>> {

    private static final List<String> METRICS = List.of("cpu", "memory", "disk", "network");

    private final long readingsPerSecond;

    /** @param readingsPerSecond readings of the whole input per second, over all workers */
    public SteadyReadings(long readingsPerSecond) {
        if (readingsPerSecond < 1) {
            throw new IllegalArgumentException("readingsPerSecond must be at least 1, got " + readingsPerSecond);
        }
        this.readingsPerSecond = readingsPerSecond;
    }

    @Override
    public Iterable<EpochItem<KeyValue<String, Double>>> build(int workerIndex, int workerCount) {
        return () -> new Iterator<>() {
            private final Random random = new Random(workerIndex);
            private final long start = System.nanoTime();
            private long reading = workerIndex;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public EpochItem<KeyValue<String, Double>> next() {
                long due = start + reading * 1_000_000_000L / readingsPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    } catch (InterruptedException e) {
                        throw Throwables.interrupted("interrupted", e);
                    }
                }
                String metric = METRICS.get((int) (reading % METRICS.size()));
                double level = 10.0 * (1 + METRICS.indexOf(metric));
                double value = random.nextInt(50) == 0 ? level * 4 : level + random.nextGaussian();
                EpochItem<KeyValue<String, Double>> pair = EpochItem.of(reading, KeyValue.of(metric, value));
                reading += workerCount;
                return pair;
            }
        };
    }
}
