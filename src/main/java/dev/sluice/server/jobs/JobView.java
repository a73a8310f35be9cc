package dev.sluice.server.jobs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job as clients see it. Every field is always there; those that do not apply are {@code null}
 * (and nullable in the OpenAPI document).
 *
 * @param id the job's ID
 * @param flow the flow it runs
 * @param status what it is doing ({@link JobStatus})
 * @param submittedAt when it started, epoch milliseconds
 * @param completedAt when it ended, epoch milliseconds (as first seen ended), or null
 * @param failure why it failed (the step that threw, when one did), or null
 * @param processes the members it runs on: while it runs, the cluster's members now (Jet restarts it on
 *     every member after a member is lost, leaves or joins); once it has ended, the members it started on
 * @param workers its workers in all
 * @param workersPerProcess its workers on each member
 * @param input where its input comes from
 * @param output where its output goes
 * @param countIn pairs accepted by its http input (null for a builder input)
 * @param countOut pairs in its http output that readers can see (null for a builder output); with a
 *     processing guarantee, pairs become visible when the snapshot that covers them completes
 * @param lowestOpenEpoch while it runs, the lowest epoch not yet complete at its keyed steps (read from
 *     its workers' counters on every member when asked); null before its workers report one and once it
 *     has ended
 * @param inputClosed whether its http input is closed (null for a builder input)
 * @param processingGuarantee what it keeps through a restart
 * @param snapshotIntervalMillis how often it takes a snapshot; 0 without a guarantee
 * @param idempotencyKey the {@code Idempotency-Key} it was started with, or null
 * @param outputRetention how much of its http output is kept (also for a builder output, where it does
 *     not apply)
 */
@Schema(description = "A job: its flow, status, progress and where its input and output are")
record JobView(
        @Schema(description = "The job's ID, as in `/jobs/{id}`", example = "3f2c9a1b7d6e4c50", requiredMode = REQUIRED)
        String id,

        @Schema(description = "The flow it runs", example = "wordcount", requiredMode = REQUIRED)
        String flow,

        @Schema(
                description = "What it is doing: Jet's job status, except that a job being cancelled reads "
                        + "`CANCELLING` and then `CANCELLED`, and one being suspended `SUSPENDING` and then "
                        + "`SUSPENDED`; a job with a guarantee that fails reads `SUSPENDED` for a moment, until "
                        + "the service resumes it (a fault of the engine's own) or fails it; `COMPLETED`, "
                        + "`FAILED`, `CANCELLED` and `UNKNOWN` (the cluster no longer knows it) are final",
                example = "RUNNING",
                requiredMode = REQUIRED)
        JobStatus status,

        @Schema(description = "When it was started, in epoch milliseconds", requiredMode = REQUIRED)
        long submittedAt,

        @Schema(
                description = "When it ended, in epoch milliseconds; null while it runs",
                nullable = true,
                requiredMode = REQUIRED)
        Long completedAt,

        @Schema(
                description = "Why it failed; null unless `status` is `FAILED`",
                nullable = true,
                requiredMode = REQUIRED)
        JobFailureView failure,

        @Schema(
                description = "The members it runs on: while it runs, the cluster's members now (Jet restarts it on "
                        + "every member after one is lost, leaves or joins); once ended, the members it started on",
                example = "3",
                requiredMode = REQUIRED)
        int processes,

        @Schema(
                description = "Its workers in all: `processes` × `workersPerProcess`",
                example = "6",
                requiredMode = REQUIRED)
        int workers,

        @Schema(description = "Its workers on each member", example = "2", requiredMode = REQUIRED)
        int workersPerProcess,

        @Schema(description = "Where its input comes from", requiredMode = REQUIRED)
        Endpoint input,

        @Schema(description = "Where its output goes", requiredMode = REQUIRED)
        Endpoint output,

        @Schema(
                description = "Pairs its http input accepted; null for an input builder",
                nullable = true,
                requiredMode = REQUIRED)
        Long countIn,

        @Schema(
                description = "Pairs of its http output that readers can see (with a processing guarantee, pairs "
                        + "become visible when the snapshot that covers them completes); null for an output builder",
                nullable = true,
                requiredMode = REQUIRED)
        Long countOut,

        @Schema(
                description = "While it runs, the lowest epoch not yet complete at its keyed steps (read from its "
                        + "workers on every member when asked): output for the epochs below it has appeared. Null "
                        + "before its workers report one, for a flow without keyed steps, and once it ended",
                nullable = true,
                requiredMode = REQUIRED)
        Long lowestOpenEpoch,

        @Schema(
                description = "Whether its http input is closed; null for an input builder",
                nullable = true,
                requiredMode = REQUIRED)
        Boolean inputClosed,

        @Schema(
                description = "What it keeps through a restart (see `JobRequest`)",
                type = "string",
                example = "exactly-once",
                allowableValues = {"exactly-once", "at-least-once", "none"},
                requiredMode = REQUIRED)
        ProcessingGuarantee processingGuarantee,

        @Schema(
                description = "Milliseconds between its snapshots; 0 without a processing guarantee",
                example = "1000",
                requiredMode = REQUIRED)
        long snapshotIntervalMillis,

        @Schema(
                description = "The `Idempotency-Key` it was started with; null when none was sent",
                nullable = true,
                example = "7d1e9c52-retry-safe",
                requiredMode = REQUIRED)
        String idempotencyKey,

        @Schema(description = "How much of its http output is kept; offsets below answer 410", requiredMode = REQUIRED)
        OutputWindow outputRetention) {}
