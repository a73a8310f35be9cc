package dev.sluice.server.runs;

import dev.sluice.dataflow.StepFailure;
import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;
import java.util.Optional;

/**
 * A run whose flow failed: a step threw ({@code 422}). Keeps what the step threw as its cause, and
 * names the flow, the step and the exception's class in the problem.
 */
class RunFailedException extends ProblemException {

    RunFailedException(String flow, Throwable failure) {
        super(ProblemType.STEP_FAILED, describe(flow, failure), failure);
        getBody().setProperty("flow", flow);
        StepFailure.of(failure).ifPresent(step -> {
            getBody().setProperty("stepIndex", step.stepIndex());
            getBody().setProperty("operator", step.operator());
        });
        getBody().setProperty("exception", failure.getClass().getName());
    }

    private static String describe(String flow, Throwable failure) {
        Optional<StepFailure> step = StepFailure.of(failure);
        String where = step.map(s -> "step " + s.stepIndex() + " (" + s.operator() + ") of flow '" + flow + "'")
                .orElse("flow '" + flow + "'");
        return where + " threw " + failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
    }
}
