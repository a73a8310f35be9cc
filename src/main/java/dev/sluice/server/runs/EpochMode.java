package dev.sluice.server.runs;

/** How a run request's body gives epochs ({@code ?epochs=}). */
public enum EpochMode {
    /** {@code [[epoch, item], …]}: the epochs are given; the pairs are sorted by epoch, stably. */
    given,
    /** {@code [item, …]}: every item in epoch 0 ({@code Inputs.singleBatch}). */
    single,
    /** {@code [item, …]}: item {@code i} in epoch {@code i} ({@code Inputs.fullyOrdered}). */
    ordered
}
