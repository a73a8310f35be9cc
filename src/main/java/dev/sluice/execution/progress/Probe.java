package dev.sluice.execution.progress;

/**
 * The read-only side of a {@link Frontier}, as timely's probe: whether an epoch may still arrive.
 * See the {@linkplain dev.sluice.execution.progress package documentation} for the model and an
 * example.
 */
public sealed interface Probe permits Frontier {

    /**
     * Whether an epoch before {@code epoch} is still open. {@code false} means every earlier epoch is
     * complete, so an item of {@code epoch} comes in epoch order.
     */
    boolean lessThan(long epoch);

    /**
     * Whether {@code epoch}, or an earlier one, is still open. {@code false} means {@code epoch} is
     * complete: nothing of it or before it will arrive.
     */
    boolean lessEqual(long epoch);

    /** Whether the frontier is empty: every epoch is complete and nothing more will arrive. */
    boolean done();

    /** The lowest open epoch, {@code 0} at the start; {@link Long#MAX_VALUE} once {@link #done()}. */
    long lowestOpenEpoch();
}
