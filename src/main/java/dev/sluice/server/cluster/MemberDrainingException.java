package dev.sluice.server.cluster;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;
import org.springframework.http.HttpHeaders;

/**
 * This member is shutting down ({@code 503}): the request should go to another member, on a new
 * connection ({@code Connection: close}).
 */
public class MemberDrainingException extends ProblemException {

    private MemberDrainingException(String message) {
        super(ProblemType.MEMBER_SHUTTING_DOWN, message);
        getHeaders().set(HttpHeaders.CONNECTION, "close");
    }

    /** A request that arrived while the member was draining. */
    public static MemberDrainingException refused() {
        return new MemberDrainingException("this member is shutting down and takes no new requests; "
                + "send the request to another member of the cluster");
    }

    /** A run cancelled because the member's drain timeout passed. */
    public static MemberDrainingException cancelled() {
        return new MemberDrainingException("this member is shutting down and cancelled the run, which did not "
                + "finish within the drain timeout; run it again on another member of the cluster");
    }
}
