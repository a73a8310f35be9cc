package dev.sluice.operators;

import dev.sluice.dataflow.Step;

/**
 * One step of a flow as one worker runs it: an item comes in through {@link #accept}, the step's
 * function runs, and what it emits goes to the next step, synchronously. A worker's chain is one
 * {@code Stage} per step, each linked to the next: fused stateless steps stay separate stages.
 *
 * <h2>Per-step hooks</h2>
 * This is the one place where a worker sees each of its steps: a per-step figure (items in, items
 * out) belongs in a plain {@code long} field of the stage, counted in its {@code accept} and where it
 * calls {@code next}, and read through the chain that lists the worker's stages in step order
 * ({@code dev.sluice.execution.worker.WorkerChain#stages}): no allocation, lock or lookup per item,
 * and fused steps each count on their own.
 */
public abstract class Stage implements Downstream {

    final int stepIndex;
    final String operator;
    /**
     * Where the step sends what it emits. Each stage calls it from its own code, not through a shared
     * method, so that the JIT profiles every kind of stage's call on its own and can inline it.
     */
    final Downstream next;

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

    /** A failure of the step's function, with the step attached, to throw. */
    final RuntimeException failure(Throwable thrown) {
        return StepErrors.attach(thrown, stepIndex, operator);
    }

    @Override
    public String toString() {
        return "step " + stepIndex + " (" + operator + ")";
    }
}
