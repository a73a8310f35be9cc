package dev.sluice.cluster;

/** A cluster did not form in time: the message lists who joined and who is missing. */
public class ClusterJoinException extends RuntimeException {

    public ClusterJoinException(String message) {
        super(message);
    }

    public ClusterJoinException(String message, Throwable cause) {
        super(message, cause);
    }
}
