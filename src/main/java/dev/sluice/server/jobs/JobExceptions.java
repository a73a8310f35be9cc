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

    /** A lifecycle verb the job's status does not allow: suspend a job that does not run, say ({@code 409}). */
    static final class JobStateConflictException extends ProblemException {
        JobStateConflictException(String message) {
            super(ProblemType.JOB_STATE_CONFLICT, message);
        }
    }
}
