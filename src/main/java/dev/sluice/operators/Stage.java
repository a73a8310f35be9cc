package dev.sluice.operators;

import dev.sluice.dataflow.Step;

/**
 * One step of a flow as one worker runs it: an item comes in through {@link #accept}, the step's
 * function runs, and what it emits goes to the next step, synchronously. A worker's chain is one
 * {@code Stage} per step, each linked to the next: fused stateless steps stay separate stages.
 *
 * <h2>Counting</h2>
 * Only a step that may emit other than one item per item counts what it emits
 * ({@link #countsOut()}: {@code filter}, {@code flat_map}, the keyed steps), in a plain {@code long}
 * incremented where it calls {@code next}: no allocation, lock or lookup per item. Every other step
 * emits what comes in, and what comes into a step is what the one before it emitted (the chain's input
 * for the first), so the chain that lists a worker's stages in step order works out every step's
 * figures ({@code dev.sluice.execution.worker.WorkerChain#counts}), fused steps each on their own, at
 * the cost of one increment per item at the chain's input and one per item a counting step emits. (An
 * item a step's function failed on counts as emitted by that step: the run has failed anyway.) The
 * field is written by the worker's thread alone and read by others without a lock: a reader sees a
 * figure at most a few items old, and the exact one once the worker has stopped.
 */
public abstract class Stage implements Downstream {

    final int stepIndex;
    final String operator;
    /**
     * Where the step sends what it emits. Each stage calls it from its own code, not through a shared
     * method, so that the JIT profiles every kind of stage's call on its own and can inline it.
     */
    final Downstream next;

    /** Whether this stage counts what it emits ({@link #itemsOut}); else it emits what comes in. */
    private final boolean countsOut;

    /** What a counting stage emitted: incremented where it calls {@code next}. */
    long itemsOut;

    Stage(int stepIndex, Step step, Downstream next) {
        this(stepIndex, step, next, false);
    }

    Stage(int stepIndex, Step step, Downstream next, boolean countsOut) {
        this.stepIndex = stepIndex;
        this.operator = step.operator();
        this.next = next;
        this.countsOut = countsOut;
    }

    /**
     * The stage of a step: its keyed operator, or its stateless stage.
     *
     * @param stepIndex the index of the step in the flow
     * @param next where the step sends what it emits
     * @param capture where a capture step sends what it captures (unused by other steps)
     */
    public static Stage of(Step step, int stepIndex, Downstream next, CaptureSink capture) {
        return step instanceof Step.Keyed keyed
                ? KeyedOperator.of(keyed, stepIndex, next)
                : StatelessStages.of(step, stepIndex, next, capture);
    }

    /** The index of this stage's step in the flow. */
    public final int stepIndex() {
        return stepIndex;
    }

    /** The seed's name of the step's operator, e.g. {@code reduce_epoch}. */
    public final String operator() {
        return operator;
    }

    /**
     * Whether this step counts what it emits, as it may emit other than one item per item; else it
     * emits exactly what comes in.
     */
    public final boolean countsOut() {
        return countsOut;
    }

    /** What this step has emitted on this worker; only for a step that {@link #countsOut()}. */
    public final long itemsOut() {
        return itemsOut;
    }

    /** A failure of the step's function, with the step attached, to throw. */
    final RuntimeException failure(Throwable thrown) {
        return StepErrors.attach(thrown, stepIndex, operator);
    }

    @Override
    public String toString() {
        return "step " + stepIndex + " (" + operator + ")";
    }
}
