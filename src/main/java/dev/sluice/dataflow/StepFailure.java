package dev.sluice.dataflow;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 *
 * <p>Where only the text of a failure travels (a normal Jet job reports its failure as the printed
 * stack trace of what it threw), {@link #read} finds the step failure in that text again: its
 * message, {@code step 1 (map) failed: java.lang.ArithmeticException: / by zero}, is written here
 * and read back here.
 */
public final class StepFailure extends RuntimeException {

    private static final long serialVersionUID = 2L;

    /** A printed {@code StepFailure}: {@code dev.sluice.dataflow.StepFailure: step 1 (map) failed: <what was thrown>}. */
    private static final Pattern PRINTED = Pattern.compile(Pattern.quote(StepFailure.class.getName())
            + ": step (\\d+) \\(([a-z_]+)\\) failed: ([\\w$.]+)(?:: ([^\\n]*))?");

    /** A line of a printed stack trace after a message: a frame, a cause, a suppressed one, or "... n more". */
    private static final Pattern TRACE_LINE =
            Pattern.compile("\\s*(at |\\.\\.\\. \\d+ more|Caused by: |Suppressed: ).*");

    private final int stepIndex;
    private final String operator;
    private final String exception;
    private final String exceptionMessage;

    public StepFailure(int stepIndex, String operator, Throwable failure) {
        this(stepIndex, operator, failure.getClass().getName(), failure.getLocalizedMessage());
    }

    private StepFailure(int stepIndex, String operator, String exception, String exceptionMessage) {
        super(
                "step " + stepIndex + " (" + operator + ") failed: " + exception
                        + (exceptionMessage == null ? "" : ": " + exceptionMessage),
                null,
                false,
                false);
        this.stepIndex = stepIndex;
        this.operator = operator;
        this.exception = exception;
        this.exceptionMessage = exceptionMessage;
    }

    /** The index of the failed step in {@link Dataflow#steps()}. */
    public int stepIndex() {
        return stepIndex;
    }

    /** The seed's name of the failed step's operator, e.g. {@code map}. */
    public String operator() {
        return operator;
    }

    /** The class name of what the step threw, e.g. {@code java.lang.ArithmeticException}. */
    public String exception() {
        return exception;
    }

    /** The message of what the step threw, or {@code null} when it had none. */
    public String exceptionMessage() {
        return exceptionMessage;
    }

    /** The step a failure came from, if a step threw it. */
    public static Optional<StepFailure> of(Throwable failure) {
        return Arrays.stream(failure.getSuppressed())
                .filter(StepFailure.class::isInstance)
                .map(StepFailure.class::cast)
                .findFirst();
    }

    /**
     * The first step failure printed in {@code text} (a stack trace, as {@link Throwable#printStackTrace}
     * writes it), if any, with its fields read back. A message of several lines is read up to the
     * first line that belongs to the stack trace.
     */
    public static Optional<StepFailure> read(String text) {
        Matcher printed = PRINTED.matcher(Objects.requireNonNull(text, "text must not be null"));
        if (!printed.find()) {
            return Optional.empty();
        }
        String message = printed.group(4);
        if (message != null) {
            StringBuilder lines = new StringBuilder(message);
            String[] rest = text.substring(printed.end()).split("\\R", -1);
            for (int i = 1;
                    i < rest.length
                            && !rest[i].isEmpty()
                            && !TRACE_LINE.matcher(rest[i]).matches();
                    i++) {
                lines.append('\n').append(rest[i]);
            }
            message = lines.toString();
        }
        return Optional.of(
                new StepFailure(Integer.parseInt(printed.group(1)), printed.group(2), printed.group(3), message));
    }
}
