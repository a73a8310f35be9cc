package dev.sluice.server.jobs;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job as clients see it.
 *
 * @param id the job's ID
 * @param flow the flow it runs
 * @param status {@code RUNNING}, {@code COMPLETED}, {@code FAILED}, {@code CANCELLED}, … (Jet's job status, with
 *     a cancelled job shown as {@code CANCELLED})
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
 * @param lowestOpenEpoch while it runs, the lowest epoch not yet complete at its output (from Jet's
 *     metrics, which lag by a few seconds); null before the first epoch and once it has ended
 * @param inputClosed whether its http input is closed (null for a builder input)
 * @param processingGuarantee what it keeps through a restart
 * @param snapshotIntervalMillis how often it takes a snapshot; 0 without a guarantee
 */
record JobView(
        @Schema(example = "3f2c9a1b7d6e4c50") String id,
        @Schema(example = "wordcount") String flow,
        @Schema(example = "RUNNING") String status,
        long submittedAt,
        Long completedAt,
        JobFailureView failure,
        int processes,
        int workers,
        int workersPerProcess,
        Endpoint input,
        Endpoint output,
        Long countIn,
        Long countOut,
        Long lowestOpenEpoch,
        Boolean inputClosed,

        @Schema(
                type = "string",
                example = "exactly-once",
                allowableValues = {"exactly-once", "at-least-once", "none"})
        ProcessingGuarantee processingGuarantee,

        @Schema(example = "1000") long snapshotIntervalMillis) {}
