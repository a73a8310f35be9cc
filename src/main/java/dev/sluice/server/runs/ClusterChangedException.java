package dev.sluice.server.runs;

/**
 * A finite run that lost a member twice: the first attempt and its one retry both failed because the
 * cluster's membership changed under them ({@code 503}). Its cause is the retry's failure.
 */
public class ClusterChangedException extends RuntimeException {

    public ClusterChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
