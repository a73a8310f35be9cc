package dev.sluice.server.cluster;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;

/** There is no cluster to run on: the member is shutting down or has left ({@code 503}). */
public class ClusterUnavailableException extends ProblemException {

    public ClusterUnavailableException(String message, Throwable cause) {
        super(ProblemType.NO_CLUSTER, message, cause);
    }
}
