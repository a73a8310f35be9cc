package dev.sluice.server.jobs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import dev.sluice.failure.JobFailure;
import io.swagger.v3.oas.annotations.media.Schema;

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
@Schema(
        name = "JobFailure",
        description = "Why the job failed: the step that threw (`stepIndex`, `operator`, `exception`) when a step "
                + "threw, else only the `message`",
        example = """
        {"message": "step 0 (map) failed: java.lang.IllegalArgumentException: a link is \\"parent,child\\", got \
        \\"no comma\\"", "stepIndex": 0, "operator": "map", "exception": "java.lang.IllegalArgumentException"}""")
record JobFailureView(
        @Schema(
                description = "Why, in a line",
                example = "step 0 (map) failed: java.lang.IllegalArgumentException: a link is \"parent,child\", "
                        + "got \"no comma\"",
                requiredMode = REQUIRED)
        String message,

        @Schema(
                description = "The index of the step that threw; null when no step threw (data lost, …)",
                nullable = true,
                example = "0",
                requiredMode = REQUIRED)
        Integer stepIndex,

        @Schema(
                description = "That step's operator; null when no step threw",
                nullable = true,
                example = "map",
                requiredMode = REQUIRED)
        String operator,

        @Schema(
                description = "The class of what the step threw; null when no step threw",
                nullable = true,
                example = "java.lang.IllegalArgumentException",
                requiredMode = REQUIRED)
        String exception) {

    /** The view of a failure the engine reported ({@link JobFailure}). */
    static JobFailureView of(JobFailure failure) {
        return new JobFailureView(failure.summary(), failure.stepIndex(), failure.operator(), failure.exception());
    }
}
