package dev.sluice.server.runs;

import dev.sluice.dataflow.StepFailure;
import java.util.Optional;

/**
 * A run whose flow failed: a step threw ({@code 422}). Keeps what the step threw as its cause, and the
 * step, for the problem document.
 */
public class RunFailedException extends RuntimeException {

    private final String flow;
    private final transient StepFailure step;

    public RunFailedException(String flow, Throwable failure) {
        super(describe(flow, failure), failure);
        this.flow = flow;
        this.step = StepFailure.of(failure).orElse(null);
    }

    private static String describe(String flow, Throwable failure) {
        Optional<StepFailure> step = StepFailure.of(failure);
        String where = step.map(s -> "step " + s.stepIndex() + " (" + s.operator() + ") of flow '" + flow + "'")
                .orElse("flow '" + flow + "'");
        return where + " threw " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }

    public String flow() {
        return flow;
    }

    public Optional<StepFailure> step() {
        return Optional.ofNullable(step);
    }
}
