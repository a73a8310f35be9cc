package dev.sluice.operators;

import dev.sluice.dataflow.StepFailure;
import dev.sluice.failure.Throwables;

/**
 * Attaches the failing step to an exception a step function threw, and rethrows it unchanged. Public
 * for drivers that call step-like functions themselves (a cluster driver's output).
 */
public final class StepErrors {

    private StepErrors() {}

    /**
     * Adds a {@link StepFailure} naming the step (once) and returns the original exception, typed so
     * that {@code throw StepErrors.attach(...)} compiles for checked exceptions too.
     */
    public static RuntimeException attach(Throwable failure, int stepIndex, String operator) {
        if (StepFailure.of(failure).isEmpty()) {
            failure.addSuppressed(new StepFailure(stepIndex, operator, failure));
        }
        return Throwables.sneaky(failure);
    }
}
