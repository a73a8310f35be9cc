package dev.sluice.server.runs;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;
import org.springframework.http.HttpHeaders;

/**
 * A finite run that lost a member twice: the first attempt and its one retry both failed because the
 * cluster's membership changed under them ({@code 503}, to be retried in a second). Its cause is the
 * retry's failure.
 */
class ClusterChangedException extends ProblemException {

    ClusterChangedException(String message, Throwable cause) {
        super(ProblemType.CLUSTER_CHANGED, message, cause);
        getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
    }
}
