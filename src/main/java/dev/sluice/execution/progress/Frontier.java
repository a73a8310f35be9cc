package dev.sluice.execution.progress;

/**
 * The lowest epoch that may still arrive at a worker (or an operator), or none once its input has
 * ended: see the {@linkplain dev.sluice.execution.progress package documentation} for the model and
 * an example. It starts at epoch 0, since epochs are non-negative, and only moves forward.
 *
 * <pre>{@code
 * Frontier frontier = new Frontier();
 * frontier.advanceTo(2);       // true: epochs 0 and 1 are complete
 * frontier.lessEqual(1);       // false: epoch 1 is complete
 * frontier.advanceTo(1);       // false: a frontier does not go back
 * frontier.close();            // true: the input has ended
 * frontier.done();             // true
 * }</pre>
 *
 * <p>A plain field: not thread-safe, read and moved by the thread that runs the worker.
 */
public final class Frontier implements Probe {

    /** The empty frontier, above every epoch, so that {@link #lessThan} needs no test of its own. */
    private static final long EMPTY = Long.MAX_VALUE;

    private long lowest;

    /**
     * Every epoch below {@code epoch} is complete. A lower or equal epoch changes nothing, and so does
     * any epoch once the frontier is empty.
     *
     * @return whether the frontier moved
     */
    public boolean advanceTo(long epoch) {
        if (epoch <= lowest) {
            return false;
        }
        lowest = epoch;
        return true;
    }

    /**
     * The input has ended: every epoch is complete, and the frontier is empty.
     *
     * @return whether it was not empty before
     */
    public boolean close() {
        return advanceTo(EMPTY);
    }

    @Override
    public boolean lessThan(long epoch) {
        return lowest < epoch;
    }

    @Override
    public boolean lessEqual(long epoch) {
        return lowest <= epoch && lowest != EMPTY;
    }

    @Override
    public boolean done() {
        return lowest == EMPTY;
    }

    @Override
    public long lowestOpenEpoch() {
        return lowest;
    }

    /** {@code {e}} with the lowest open epoch, or {@code {}} when empty, as timely writes frontiers. */
    @Override
    public String toString() {
        return done() ? "{}" : "{" + lowest + "}";
    }
}
