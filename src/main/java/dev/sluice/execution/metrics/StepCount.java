package dev.sluice.execution.metrics;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/**
 * What one step did: on one worker, or added up over workers ({@link #plus}).
 *
 * @param index the step's index in the flow
 * @param operator the seed's name of its operator, e.g. {@code reduce_epoch}
 * @param keyed whether it keeps state per key
 * @param itemsIn the items that came into it
 * @param itemsOut the items it emitted to the next step (a capture's captured items are its input, passed on)
 * @param keys for a keyed step, the keys it holds state for now (summed over open epochs for
 *     {@code reduce_epoch}); {@code 0} for other steps
 * @param lowestOpenEpoch for a keyed step, the lowest epoch still open there (the lowest over workers),
 *     {@link Long#MAX_VALUE} once its input has ended everywhere, {@link #UNKNOWN} when no worker that
 *     runs it reports one (it does not run now, or it is not keyed)
 */
public record StepCount(
        int index, String operator, boolean keyed, long itemsIn, long itemsOut, long keys, long lowestOpenEpoch)
        implements Serializable {

    /** A {@link #lowestOpenEpoch} that no worker reports. */
    public static final long UNKNOWN = -1;

    /** The same step's figures added up: items and keys summed, the lowest open epoch the lowest known. */
    public StepCount plus(StepCount other) {
        if (other.index != index) {
            throw new IllegalArgumentException("step " + other.index + " added to step " + index);
        }
        long lowest = lowestOpenEpoch == UNKNOWN
                ? other.lowestOpenEpoch
                : other.lowestOpenEpoch == UNKNOWN ? lowestOpenEpoch : Math.min(lowestOpenEpoch, other.lowestOpenEpoch);
        return new StepCount(
                index, operator, keyed, itemsIn + other.itemsIn, itemsOut + other.itemsOut, keys + other.keys, lowest);
    }

    /** This step's figures once its worker has stopped: no keys held, and a frontier only if it had finished. */
    StepCount stopped() {
        return new StepCount(
                index,
                operator,
                keyed,
                itemsIn,
                itemsOut,
                0,
                lowestOpenEpoch == Long.MAX_VALUE ? lowestOpenEpoch : UNKNOWN);
    }

    /** Whether every epoch is complete at this step. */
    public boolean done() {
        return lowestOpenEpoch == Long.MAX_VALUE;
    }

    /** Adds up the figures of each step, in step order. */
    public static List<StepCount> sum(Collection<? extends Collection<StepCount>> counts) {
        TreeMap<Integer, StepCount> byStep = new TreeMap<>();
        for (Collection<StepCount> part : counts) {
            for (StepCount count : part) {
                byStep.merge(count.index(), count, StepCount::plus);
            }
        }
        return List.copyOf(byStep.values());
    }
}
