package dev.sluice.server.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The kinds of problem the service answers with: each an RFC 9457 {@code type} URI under
 * {@value #BASE}, a title and a status. The exceptions carry theirs ({@link ProblemException}), the
 * advice renders them ({@link ProblemAdvice}), and the OpenAPI examples are built from them ({@link
 * ProblemExample}), so a problem is named in one place.
 */
public enum ProblemType {
    UNKNOWN_FLOW(HttpStatus.NOT_FOUND, "unknown-flow", "Unknown flow"),
    UNKNOWN_JOB(HttpStatus.NOT_FOUND, "unknown-job", "Unknown job"),
    INVALID_INPUT(HttpStatus.BAD_REQUEST, "invalid-input", "Invalid input"),
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
    BODY_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "body-too-large", "Request body too large"),
    BODY_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "body-timeout", "Request body too slow"),
    INPUT_CONFLICT(HttpStatus.CONFLICT, "input-conflict", "Input refused"),
    JOB_STATE_CONFLICT(HttpStatus.CONFLICT, "job-state-conflict", "Not possible in the job's status"),
    IDEMPOTENCY_KEY_IN_USE(HttpStatus.CONFLICT, "idempotency-key-in-use", "Idempotency key in use"),
    IDEMPOTENCY_KEY_REUSED(
            HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused for another request"),
    TOO_MANY_JOBS(HttpStatus.TOO_MANY_REQUESTS, "too-many-jobs", "Too many jobs running"),
    INPUT_BACKLOG_FULL(HttpStatus.TOO_MANY_REQUESTS, "input-backlog-full", "The job's input backlog is full"),
    TOO_MANY_RUNS(HttpStatus.TOO_MANY_REQUESTS, "too-many-runs", "Too many runs in flight"),
    OUTPUT_GONE(HttpStatus.GONE, "output-gone", "Output no longer kept"),
    STEP_FAILED(HttpStatus.UNPROCESSABLE_CONTENT, "step-failed", "A step of the flow failed"),
    NO_CLUSTER(HttpStatus.SERVICE_UNAVAILABLE, "no-cluster", "No cluster"),
    MEMBER_SHUTTING_DOWN(HttpStatus.SERVICE_UNAVAILABLE, "member-shutting-down", "Member shutting down"),
    FLOW_NOT_ON_EVERY_MEMBER(
            HttpStatus.SERVICE_UNAVAILABLE, "flow-not-on-every-member", "Flow not the same on every member"),
    CLUSTER_CHANGED(HttpStatus.SERVICE_UNAVAILABLE, "cluster-changed", "The cluster changed during the run"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type");

    /** What every type URI starts with. */
    public static final String BASE = "https://sluice.dev/problems/";

    private final HttpStatus status;
    private final URI uri;
    private final String title;

    ProblemType(HttpStatus status, String name, String title) {
        this.status = status;
        this.uri = URI.create(BASE + name);
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /**
     * The type of an error the web layer answers by status alone (Spring MVC's and Tomcat's own: an
     * unknown path, a method or media type not served, a request Tomcat refuses): the generic type of
     * that status, or {@code null} when there is none and the problem stays {@code about:blank}.
     */
    public static ProblemType ofStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> BODY_TIMEOUT;
            case 413 -> BODY_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 500 -> INTERNAL;
            default -> null;
        };
    }

    /**
     * A problem of {@code status} with {@code detail}: of its generic type ({@link #ofStatus}), else
     * {@code about:blank} with the status's reason phrase as title.
     */
    public static ProblemDetail forStatus(int status, String detail) {
        ProblemType type = ofStatus(status);
        if (type != null) {
            return type.problem(detail);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status), detail);
        problem.setType(URI.create("about:blank"));
        problem.setTitle(titleOf(status));
        return problem;
    }

    /** The title a problem of {@code status} gets: its generic type's, else the status's reason phrase. */
    public static String titleOf(int status) {
        ProblemType type = ofStatus(status);
        if (type != null) {
            return type.title;
        }
        HttpStatus known = HttpStatus.resolve(status);
        return known != null ? known.getReasonPhrase() : "Error";
    }

    /**
     * A problem of this type as the JSON fields of an answer written outside Spring MVC (by a filter):
     * {@code type}, {@code title}, {@code status}, {@code detail} and, unless null, {@code instance}.
     */
    public Map<String, Object> fields(String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", uri.toString());
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (instance != null) {
            problem.put("instance", instance);
        }
        return problem;
    }

    /** A problem of this type with {@code detail}, naming the culprit. */
    public ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri);
        problem.setTitle(title);
        return problem;
    }
}
