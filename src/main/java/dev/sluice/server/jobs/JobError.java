package dev.sluice.server.jobs;

import static dev.sluice.server.web.ProblemExample.flowMismatch;
import static dev.sluice.server.web.ProblemExample.noCluster;
import static dev.sluice.server.web.ProblemExample.shuttingDown;

import dev.sluice.server.web.DocumentedError;
import dev.sluice.server.web.ErrorDoc;
import dev.sluice.server.web.ProblemExample;
import dev.sluice.server.web.ProblemType;

/**
 * The error responses only the jobs' operations answer with, as the OpenAPI document shows them: an
 * operation lists them with {@link JobErrors} (and the shared ones with {@code ApiErrors}).
 */
enum JobError implements DocumentedError {
    UNKNOWN_JOB(ErrorDoc.of(
            "404",
            "No job has that ID",
            ProblemExample.of(ProblemType.UNKNOWN_JOB, "there is no job with ID 'nope'", "/jobs/nope"))),
    INVALID_PAIRS(ErrorDoc.of(
            "400",
            "Malformed JSON, a pair that is not `[non-negative integer, item]`, or an item that "
                    + "does not convert to the flow's input type",
            ProblemExample.of(
                    ProblemType.INVALID_INPUT,
                    "pair 0 value: the item does not convert to Double",
                    "/jobs/3f2c9a1b7d6e4c50/input"))),
    INVALID_JOB_REQUEST(ErrorDoc.of(
            "400",
            "No body, malformed JSON, an input or output that is neither `http` nor a known "
                    + "builder, or `workersPerProcess` out of range",
            ProblemExample.of(
                    ProblemType.INVALID_REQUEST,
                    "there is no input builder named 'nope'; the input builders " + "are [steady-readings]",
                    "/flows/anomaly-detector/jobs"))),
    INVALID_LIST_REQUEST(ErrorDoc.of(
            "400",
            "`limit` not an integer from 1 to 1000, a `status` that is not a job status, or a `before` that names "
                    + "no job",
            ProblemExample.of(ProblemType.INVALID_REQUEST, "limit must be between 1 and 1000, got 0", "/jobs"))),
    INVALID_OUTPUT_REQUEST(ErrorDoc.of(
            "400",
            "`from` is negative, or the job writes its output to a builder, not to HTTP",
            ProblemExample.of(
                    ProblemType.INVALID_REQUEST,
                    "from must be a non-negative offset, got -1",
                    "/jobs/3f2c9a1b7d6e4c50/output"))),
    INPUT_REFUSED(ErrorDoc.of(
            "409",
            "The whole body is refused: it holds an epoch below the highest one already accepted, "
                    + "the input is closed, the job has ended, or the job reads its input from a builder",
            ProblemExample.of(
                    ProblemType.INPUT_CONFLICT,
                    "epoch 3 is below epoch 5, the highest this job's input already "
                            + "accepted; an http input is one stream in epoch order, so a body may not go back (the "
                            + "whole body was refused)",
                    "/jobs/3f2c9a1b7d6e4c50/input"))),
    CANNOT_SUSPEND(ErrorDoc.of(
            "409",
            "The job is not `RUNNING` (it is starting, completing, being cancelled or has ended), or it has no "
                    + "processing guarantee, so it would start over on resume",
            ProblemExample.of(
                    ProblemType.JOB_STATE_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' is COMPLETED; only a RUNNING job can be suspended",
                    "/jobs/3f2c9a1b7d6e4c50/suspend"))),
    CANNOT_RESUME(ErrorDoc.of(
            "409",
            "The job is not `SUSPENDED`: still `SUSPENDING` (resume it once `SUSPENDED`), or it has ended",
            ProblemExample.of(
                    ProblemType.JOB_STATE_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' is SUSPENDING: it is taking its terminal snapshot; resume it once it "
                            + "is SUSPENDED",
                    "/jobs/3f2c9a1b7d6e4c50/resume"))),
    CANNOT_RESTART(ErrorDoc.of(
            "409",
            "The job is not `RUNNING` (a `SUSPENDED` job resumes instead), or it has no processing guarantee, so it "
                    + "would start over",
            ProblemExample.of(
                    ProblemType.JOB_STATE_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' is SUSPENDED; only a RUNNING job can be restarted (a SUSPENDED one "
                            + "resumes: POST /jobs/3f2c9a1b7d6e4c50/resume)",
                    "/jobs/3f2c9a1b7d6e4c50/restart"))),
    IDEMPOTENCY_KEY_IN_USE(ErrorDoc.of(
            "409",
            "Another request with the same `Idempotency-Key` is still starting its job: retry in a moment",
            ProblemExample.of(
                    ProblemType.IDEMPOTENCY_KEY_IN_USE,
                    "the job of the Idempotency-Key '5b0f7c9e' (job '3f2c9a1b7d6e4c50') is still being started by "
                            + "another request; retry in a moment",
                    "/flows/wordcount/jobs"))),
    IDEMPOTENCY_KEY_REUSED(ErrorDoc.of(
            "422",
            "The `Idempotency-Key` started a job from another flow or body: a retry sends the same, a new job a "
                    + "new key",
            ProblemExample.of(
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "the Idempotency-Key '5b0f7c9e' started job '3f2c9a1b7d6e4c50' with another request (wordcount "
                            + "JobRequest[…]); a retry must send the same flow and body, and a new job needs a new key",
                    "/flows/wordcount/jobs"))),
    NOT_AN_HTTP_INPUT(ErrorDoc.of(
            "409",
            "The job reads its input from a builder, not over HTTP",
            ProblemExample.of(
                    ProblemType.INPUT_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' reads its input from the builder " + "'steady-readings', not over HTTP",
                    "/jobs/3f2c9a1b7d6e4c50/input/close"))),
    TOO_MANY_JOBS(ErrorDoc.of(
                    "429",
                    "The cluster runs `sluice.jobs.max-running` jobs already: cancel one, or retry later "
                            + "(`Retry-After`)",
                    ProblemExample.of(
                            ProblemType.TOO_MANY_JOBS,
                            "the cluster runs 1000 jobs, as many as it takes (sluice.jobs.max-running is 1000); cancel "
                                    + "a job (DELETE /jobs/{id}) or raise the limit, then start this one again",
                            "/flows/wordcount/jobs"))
            .withRetryAfter()),
    INPUT_BACKLOG_FULL(ErrorDoc.of(
                    "429",
                    "The job holds `sluice.jobs.max-input-backlog` bytes of input its workers have not passed for "
                            + "good: the whole body is refused; send it again after `Retry-After` seconds",
                    ProblemExample.of(
                            ProblemType.INPUT_BACKLOG_FULL,
                            "job '3f2c9a1b7d6e4c50' holds 66584123 bytes of input its workers have not passed for "
                                    + "good yet; this body of 1048576 bytes would take it over 67108864 bytes "
                                    + "(sluice.jobs.max-input-backlog): the whole body was refused; send it again "
                                    + "once the job has caught up (Retry-After), or send slower",
                            "/jobs/3f2c9a1b7d6e4c50/input"))
            .withRetryAfter()),
    OUTPUT_GONE(ErrorDoc.of(
            "410",
            "`from` is below the job's output window (`outputRetention`): those pairs are gone; the problem's "
                    + "`firstKept` is the first offset still kept",
            ProblemExample.of(
                    ProblemType.OUTPUT_GONE,
                    "the output of job '3f2c9a1b7d6e4c50' keeps offsets from 5000 on (its outputRetention); offset "
                            + "0 is gone: read from 5000",
                    "/jobs/3f2c9a1b7d6e4c50/output"))),
    /** A job start: as any operation, or the flow or a builder differs between members. */
    START_UNAVAILABLE(ErrorDoc.of(
            "503",
            "This member is shutting down (send the request to another member), or is not part of a running "
                    + "cluster, or the flow or a builder the job names is not the same on every member (the "
                    + "problem's `lacking` and `different` name those members)",
            shuttingDown(),
            noCluster(),
            flowMismatch("/flows/wordcount/jobs")));

    private final ErrorDoc doc;

    JobError(ErrorDoc doc) {
        this.doc = doc;
    }

    @Override
    public ErrorDoc doc() {
        return doc;
    }
}
