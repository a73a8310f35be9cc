package dev.sluice.dataflow;

/**
 * Input given to one worker went backwards in epoch. Epochs are progress: once a worker has moved on
 * to epoch {@code e}, the earlier ones may already be complete and emitted, so an item of an earlier
 * epoch cannot be placed. Sort the input first, or use {@code Inputs.sortedWindow}.
 */
public class EpochOrderException extends IllegalArgumentException {

    private final long previousEpoch;
    private final long epoch;

    public EpochOrderException(long previousEpoch, long epoch) {
        super("input epoch went backwards: epoch " + epoch + " came after epoch " + previousEpoch
                + "; input given to one worker must be in epoch order (sort it, or use Inputs.sortedWindow)");
        this.previousEpoch = previousEpoch;
        this.epoch = epoch;
    }

    /** The epoch the input had reached. */
    public long previousEpoch() {
        return previousEpoch;
    }

    /** The earlier epoch that came after it. */
    public long epoch() {
        return epoch;
    }
}
