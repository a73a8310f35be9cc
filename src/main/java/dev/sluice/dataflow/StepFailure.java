package dev.sluice.dataflow;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which step failed: attached as a <em>suppressed</em> exception to whatever a step function threw,
 * so that the exception reaches the caller with its original type and message and still names the
 * step.
 *
 * <pre>{@code
 * try {
 *     Sluice.run(flow, input);
 * } catch (ArithmeticException e) {
 *     StepFailure step = StepFailure.of(e).orElseThrow();  // step.stepIndex() == 1, step.operator() == "map"
 * }
 * }</pre>
 */
public final class StepFailure extends RuntimeException {

    private final int stepIndex;
    private final String operator;

    public StepFailure(int stepIndex, String operator, Throwable failure) {
        super("step " + stepIndex + " (" + operator + ") failed: " + failure, null, false, false);
        this.stepIndex = stepIndex;
        this.operator = operator;
    }

    /** The index of the failed step in {@link Dataflow#steps()}. */
    public int stepIndex() {
        return stepIndex;
    }

    /** The seed's name of the failed step's operator, e.g. {@code map}. */
    public String operator() {
        return operator;
    }

    /** The step a failure came from, if a step threw it. */
    public static Optional<StepFailure> of(Throwable failure) {
        return Arrays.stream(failure.getSuppressed())
                .filter(StepFailure.class::isInstance)
                .map(StepFailure.class::cast)
                .findFirst();
    }
}
