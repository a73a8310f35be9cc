package dev.sluice.execution.log;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which items of a shared log are done, after one or more runs that each split the log among their
 * workers ({@link LogShare}): item {@code i} is done when, in some run's {@link Layer}, the worker
 * that owned it ({@code i % workerCount}) had passed it.
 *
 * <p>Workers read at their own pace, so what a run had done when it stopped is not a prefix of the
 * log but one position per worker; a run that resumes it skips what any earlier run had done.
 *
 * @param layers one per run, each with every worker's position
 */
public record LogProgress(List<Layer> layers) implements Serializable {

    /** Nothing done: a fresh start. */
    public static final LogProgress NONE = new LogProgress(List.of());

    public LogProgress {
        layers = List.copyOf(layers);
    }

    /**
     * Where one run's workers were.
     *
     * @param workerCount the workers the run split the log among
     * @param positions per worker, the index of the first item it had not passed yet; every item
     *        {@code i < positions[w]} with {@code i % workerCount == w} is done. {@link Long#MAX_VALUE}
     *        for a worker that had read the whole log.
     */
    public record Layer(int workerCount, long[] positions) implements Serializable {

        public Layer {
            if (workerCount < 1 || positions.length != workerCount) {
                throw new IllegalArgumentException(positions.length + " positions for " + workerCount + " workers");
            }
            positions = positions.clone();
        }

        boolean done(long item) {
            return item < positions[(int) (item % workerCount)];
        }

        long lowest() {
            return Arrays.stream(positions).min().orElseThrow();
        }

        long highest() {
            return Arrays.stream(positions).max().orElseThrow();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Layer that
                    && workerCount == that.workerCount
                    && Arrays.equals(positions, that.positions);
        }

        @Override
        public int hashCode() {
            return 31 * workerCount + Arrays.hashCode(positions);
        }

        @Override
        public String toString() {
            return workerCount + " workers at " + Arrays.toString(positions);
        }
    }

    /** The progress of several runs together, each layer once. */
    public static LogProgress union(List<LogProgress> progresses) {
        LinkedHashSet<Layer> all = new LinkedHashSet<>();
        progresses.forEach(progress -> all.addAll(progress.layers()));
        return new LogProgress(new ArrayList<>(all));
    }

    /** This progress and one more run's layer. */
    public LogProgress with(Layer layer) {
        List<Layer> all = new ArrayList<>(layers);
        if (!all.contains(layer)) {
            all.add(layer);
        }
        return new LogProgress(all);
    }

    /** Whether item {@code i} of the log is done. */
    public boolean done(long item) {
        for (Layer layer : layers) {
            if (layer.done(item)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Where a resuming run starts reading: every item before it is done (in some layer, every worker
     * had passed it).
     */
    public long start() {
        long start = 0;
        for (Layer layer : layers) {
            start = Math.max(start, layer.lowest());
        }
        return start;
    }

    /** The layers that still tell something about items at or after {@code position}. */
    public LogProgress beyond(long position) {
        return new LogProgress(
                layers.stream().filter(layer -> layer.highest() > position).toList());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogProgress that && Objects.equals(layers, that.layers);
    }

    @Override
    public int hashCode() {
        return layers.hashCode();
    }
}
