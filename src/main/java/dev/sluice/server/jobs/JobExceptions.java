package dev.sluice.server.jobs;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;

/** The ways a job request can be refused, each with its problem type. */
final class JobExceptions {

    private JobExceptions() {}

    /** No job has that ID ({@code 404}). */
    static final class UnknownJobException extends ProblemException {
        UnknownJobException(String id) {
            super(ProblemType.UNKNOWN_JOB, "there is no job with ID '" + id + "'");
        }
    }

    /** A job request that cannot be started as given ({@code 400}). */
    static final class InvalidJobRequestException extends ProblemException {
        InvalidJobRequestException(String message) {
            super(ProblemType.INVALID_REQUEST, message);
        }
    }

    /** Input the job's state refuses: not an http input, closed, or an epoch below what was accepted ({@code 409}). */
    static final class InputConflictException extends ProblemException {
        InputConflictException(String message) {
            super(ProblemType.INPUT_CONFLICT, message);
        }
    }

    /** An {@code Idempotency-Key} sent again with another flow or request ({@code 422}). */
    static final class IdempotencyKeyReusedException extends ProblemException {
        IdempotencyKeyReusedException(String message) {
            super(ProblemType.IDEMPOTENCY_KEY_REUSED, message);
        }
    }

    /** An {@code Idempotency-Key} whose job another request is still starting ({@code 409}). */
    static final class IdempotencyKeyInUseException extends ProblemException {
        IdempotencyKeyInUseException(String message) {
            super(ProblemType.IDEMPOTENCY_KEY_IN_USE, message);
        }
    }

    /**
     * The cluster runs as many jobs as {@code sluice.jobs.max-running} allows ({@code 429}, with {@code
     * Retry-After}).
     */
    static final class TooManyJobsException extends ProblemException {
        static final int RETRY_AFTER_SECONDS = 5;

        TooManyJobsException(long running, int max) {
            super(
                    ProblemType.TOO_MANY_JOBS,
                    "the cluster runs " + running + " jobs, as many as it takes (sluice.jobs.max-running is " + max
                            + "); cancel a job (DELETE /jobs/{id}) or raise the limit, then start this one again");
            getHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            getBody().setProperty("maxRunning", max);
        }
    }

    /**
     * A job holds as much unread input as {@code sluice.jobs.max-input-backlog} allows ({@code 429}, with
     * {@code Retry-After}): the client sends faster than the job reads and commits.
     */
    static final class InputBacklogFullException extends ProblemException {
        static final int RETRY_AFTER_SECONDS = 1;

        InputBacklogFullException(String id, long backlog, long bodyBytes, long max) {
            super(
                    ProblemType.INPUT_BACKLOG_FULL,
                    "job '" + id + "' holds " + backlog + " bytes of input its workers have not passed for good yet; "
                            + "this body of " + bodyBytes + " bytes would take it over " + max + " bytes "
                            + "(sluice.jobs.max-input-backlog): the whole body was refused; send it again once the job "
                            + "has caught up (Retry-After), or send slower");
            getHeaders().set("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            getBody().setProperty("backlogBytes", backlog);
            getBody().setProperty("maxBacklogBytes", max);
        }
    }

    /** An output offset below the job's output window: those pairs are no longer kept ({@code 410}). */
    static final class OutputGoneException extends ProblemException {
        OutputGoneException(String id, long offset, long firstKept) {
            super(
                    ProblemType.OUTPUT_GONE,
                    "the output of job '" + id + "' keeps offsets from " + firstKept + " on (its outputRetention); "
                            + "offset " + offset + " is gone: read from " + firstKept);
            getBody().setProperty("firstKept", firstKept);
        }
    }

    /** A lifecycle verb the job's status does not allow: suspend a job that does not run, say ({@code 409}). */
    static final class JobStateConflictException extends ProblemException {
        JobStateConflictException(String message) {
            super(ProblemType.JOB_STATE_CONFLICT, message);
        }
    }
}
