package dev.sluice.server.jobs;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a job failed, with the fields a run's {@code 422} problem has: the step and operator that threw
 * and the class of what it threw, when a step threw; only the message otherwise (data lost, a
 * snapshot that could not be taken, …).
 *
 * @param message why, in a line
 * @param stepIndex the index of the step that threw, or null
 * @param operator that step's operator, or null
 * @param exception the class of what the step threw, or null
 */
@Schema(description = "Why the job failed: the step that threw (`stepIndex`, `operator`, `exception`) when a step "
        + "threw, else only the `message`", example = """
        {"message": "step 0 (map) failed: java.lang.IllegalArgumentException: a link is \\"parent,child\\", got \
        \\"no comma\\"", "stepIndex": 0, "operator": "map", "exception": "java.lang.IllegalArgumentException"}""")
record JobFailure(
        @Schema(example = "step 0 (map) failed: java.lang.IllegalArgumentException: a link is \"parent,child\", "
                + "got \"no comma\"") String message,
        @Schema(example = "0") Integer stepIndex,
        @Schema(example = "map") String operator,
        @Schema(example = "java.lang.IllegalArgumentException") String exception) {

    /** How a step's failure reads ({@code StepFailure}'s message): the step, then what it threw. */
    private static final Pattern STEP = Pattern.compile("^step (\\d+) \\(([a-z_]+)\\) failed: ([\\w.$]+)(?::|$)");

    /**
     * The failure a line of {@link JobService#failureOf} describes: the step's fields where it names one.
     * (A stop-gap until the engine hands over the failure itself.)
     */
    static JobFailure of(String line) {
        Matcher step = STEP.matcher(line);
        if (step.find()) {
            return new JobFailure(line, Integer.valueOf(step.group(1)), step.group(2), step.group(3));
        }
        return new JobFailure(line, null, null, null);
    }
}
