package dev.sluice.failure;

import dev.sluice.dataflow.StepFailure;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a job failed, with the fields a failed run answers with: the step and its operator when a
 * step threw, the original exception's class name and its message.
 *
 * <p>A normal Jet job does not give back what its processors threw: its future fails with an
 * exception whose message is the printed stack trace of the original (Hazelcast keeps only that
 * text in the job's result). {@link #of(Throwable)} reads the fields from the original where it
 * is at hand, else from that text ({@link StepFailure#read}).
 *
 * <pre>{@code
 * JobFailure failure = JobFailure.of(thrownByJobFuture);
 * // JobFailure[stepIndex=1, operator=map, message=/ by zero, exception=java.lang.ArithmeticException]
 * failure.summary();  // "step 1 (map) failed: java.lang.ArithmeticException: / by zero"
 * }</pre>
 *
 * @param stepIndex the index of the step that threw, or {@code null} when no step did (the input
 *     or output failed, data was lost, the engine failed)
 * @param operator the seed's name of that step's operator, e.g. {@code map}, or {@code null}
 * @param message the message of what was thrown, or {@code null} when it had none
 * @param exception the class name of what was thrown, e.g. {@code java.lang.ArithmeticException},
 *     or {@code null} when the failure does not say (a reason given as text)
 */
public record JobFailure(Integer stepIndex, String operator, String message, String exception) {

    /** Jet's prefix to what a processor threw. */
    private static final Pattern TASKLET_PREFIX = Pattern.compile("^Exception in ProcessorTasklet\\{[^}]*\\}: ");

    /** The start of a printed exception: a qualified class name, then its message or nothing. */
    private static final Pattern PRINTED_EXCEPTION =
            Pattern.compile("((?:[A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*)(?:: (.*))?");

    /** The failure of the step {@code step}. */
    public static JobFailure of(StepFailure step) {
        return new JobFailure(step.stepIndex(), step.operator(), step.exceptionMessage(), step.exception());
    }

    /** A failure given only as a reason, e.g. {@code data lost: ...}. */
    public static JobFailure reason(String reason) {
        return new JobFailure(null, null, reason, null);
    }

    /**
     * The failure of a job from what its future failed with (an {@code ExecutionException} is
     * unwrapped): the step failure among its causes, else the one printed in their messages, else
     * the first line of its message (past Jet's {@code Exception in ProcessorTasklet{…}: }), read as
     * {@code class: message} where it has that form.
     */
    public static JobFailure of(Throwable failure) {
        Throwable thrown = Throwables.unwrapFuture(failure);
        Optional<StepFailure> step = Throwables.causes(thrown).stream()
                .flatMap(
                        t -> StepFailure.of(t)
                                .or(() -> t.getMessage() == null ? Optional.empty() : StepFailure.read(t.getMessage()))
                                .stream())
                .findFirst();
        if (step.isPresent()) {
            return of(step.get());
        }
        return ofFirstLine(
                String.valueOf(thrown.getMessage()), thrown.getClass().getName());
    }

    /**
     * The failure of a job from its text alone, as Jet keeps it for a failed job (a printed stack
     * trace) or as the service recorded it (a reason in a line): the step failure printed in it, else
     * its first line, read as {@link #of(Throwable)} reads a message.
     */
    public static JobFailure ofText(String text) {
        return StepFailure.read(text).map(JobFailure::of).orElseGet(() -> ofFirstLine(text, null));
    }

    /** The first line of {@code text} (past Jet's tasklet prefix) as {@code class: message}, or as a reason. */
    private static JobFailure ofFirstLine(String text, String exception) {
        String line =
                TASKLET_PREFIX.matcher(text.lines().findFirst().orElse("")).replaceFirst("");
        if (line.isEmpty()) {
            return new JobFailure(null, null, null, exception);
        }
        Matcher printed = PRINTED_EXCEPTION.matcher(line);
        return printed.matches() ? new JobFailure(null, null, printed.group(2), printed.group(1)) : reason(line);
    }

    /**
     * The failure in a line: {@code step 1 (map) failed: java.lang.ArithmeticException: / by zero}
     * for a step, else {@code exception: message}, or the message alone when the class is unknown.
     */
    public String summary() {
        String what =
                exception == null ? String.valueOf(message) : message == null ? exception : exception + ": " + message;
        return stepIndex == null ? what : "step " + stepIndex + " (" + operator + ") failed: " + what;
    }
}
