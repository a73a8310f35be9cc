package dev.sluice.operators;

import dev.sluice.dataflow.Step;

/**
 * One step of a flow as one worker runs it: an item comes in through {@link #accept}, the step's
 * function runs, and what it emits goes to the next step, synchronously. A worker's chain is one
 * {@code Stage} per step, each linked to the next: fused stateless steps stay separate stages.
 *
 * <h2>Counting</h2>
 * Each stage counts the items that come into it ({@link #itemsIn()}) in a plain {@code long}, first
 * thing in {@code accept}: no allocation, lock or lookup per item, and fused steps each count on their
 * own. A stage does not count what it emits: that is what came into the stage after it, which the
 * chain that lists a worker's stages in step order reads
 * ({@code dev.sluice.execution.worker.WorkerChain#counts}), so an item costs one increment per step.
 * The field is written by the worker's thread alone and read by others without a lock: a reader sees
 * a figure at most a few items old, and the exact one once the worker has stopped.
 */
public abstract class Stage implements Downstream {

    final int stepIndex;
    final String operator;
    /**
     * Where the step sends what it emits. Each stage calls it from its own code, not through a shared
     * method, so that the JIT profiles every kind of stage's call on its own and can inline it.
     */
    final Downstream next;

    /** The items that came in: counted by each stage's {@code accept}, before its function runs. */
    long itemsIn;

    Stage(int stepIndex, Step step, Downstream next) {
        this.stepIndex = stepIndex;
        this.operator = step.operator();
        this.next = next;
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

    /** The items that have come into this step on this worker, including one its function failed on. */
    public final long itemsIn() {
        return itemsIn;
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
