package dev.sluice.server.cluster;

/** There is no cluster to run on: the member is shutting down or has left ({@code 503}). */
public class ClusterUnavailableException extends RuntimeException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
