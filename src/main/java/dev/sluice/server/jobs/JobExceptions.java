package dev.sluice.server.jobs;

/** The ways a job request can be refused; each maps to one HTTP status in the problem advice. */
public final class JobExceptions {

    private JobExceptions() {}

    /** No job has that ID ({@code 404}). */
    public static final class UnknownJobException extends RuntimeException {
        public UnknownJobException(String id) {
            super("there is no job with ID '" + id + "'");
        }
    }

    /** A job request that cannot be started as given ({@code 400}). */
    public static final class InvalidJobRequestException extends RuntimeException {
        public InvalidJobRequestException(String message) {
            super(message);
        }
    }

    /** Input the job's state refuses: not an http input, closed, or an epoch below what was accepted ({@code 409}). */
    public static final class InputConflictException extends RuntimeException {
        public InputConflictException(String message) {
            super(message);
        }
    }
}
