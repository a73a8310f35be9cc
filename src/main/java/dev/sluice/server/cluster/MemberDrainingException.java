package dev.sluice.server.cluster;

/** This member is shutting down ({@code 503}): the request should go to another member. */
public class MemberDrainingException extends RuntimeException {

    public MemberDrainingException(String message) {
        super(message);
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
