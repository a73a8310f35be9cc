package dev.sluice.server.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.web.method.HandlerMethod;

/**
 * The error responses of the OpenAPI document, built from the {@link ProblemType}s the service
 * answers with: an operation lists its own with {@link ApiErrors}, e.g. {@code @ApiErrors({UNKNOWN_FLOW,
 * BODY_TOO_LARGE})}, and {@link #documenter()} adds them, each {@code application/problem+json} with the
 * {@value ApiDocs#PROBLEM} schema and an example.
 */
public enum ApiError {
    UNKNOWN_FLOW(
            "404",
            "No flow has that name",
            example(
                    ProblemType.UNKNOWN_FLOW,
                    "there is no flow named "
                            + "'nope'; the flows are [anomaly-detector, pagerank, search-session, wordcount]",
                    "/flows/nope/run")),
    UNKNOWN_JOB(
            "404",
            "No job has that ID",
            example(ProblemType.UNKNOWN_JOB, "there is no job with ID 'nope'", "/jobs/nope")),
    INVALID_GRAPH_REQUEST(
            "400",
            "`format` is neither `json` nor `mermaid`",
            example(
                    ProblemType.INVALID_REQUEST,
                    "format must be \"json\" or \"mermaid\", got \"svg\"",
                    "/flows/wordcount/graph")),
    INVALID_RUN_REQUEST(
            "400",
            "Malformed JSON, a pair that is not `[non-negative integer, item]`, an item that "
                    + "does not convert to the flow's input type, or `epochs` / `workers` out of range",
            example(
                    ProblemType.INVALID_INPUT,
                    "pair 0 has a negative epoch -1; epochs are non-negative",
                    "/flows/wordcount/run")),
    INVALID_PAIRS(
            "400",
            "Malformed JSON, a pair that is not `[non-negative integer, item]`, or an item that "
                    + "does not convert to the flow's input type",
            example(
                    ProblemType.INVALID_INPUT,
                    "pair 0 value: the item does not convert to Double",
                    "/jobs/3f2c9a1b7d6e4c50/input")),
    INVALID_JOB_REQUEST(
            "400",
            "No body, malformed JSON, an input or output that is neither `http` nor a known "
                    + "builder, or `workersPerProcess` out of range",
            example(
                    ProblemType.INVALID_REQUEST,
                    "there is no input builder named 'nope'; the input builders " + "are [steady-readings]",
                    "/flows/anomaly-detector/jobs")),
    INVALID_LIST_REQUEST(
            "400",
            "`limit` not an integer from 1 to 1000, a `status` that is not a job status, or a `before` that names "
                    + "no job",
            example(ProblemType.INVALID_REQUEST, "limit must be between 1 and 1000, got 0", "/jobs")),
    INVALID_OUTPUT_REQUEST(
            "400",
            "`from` is negative, or the job writes its output to a builder, not to HTTP",
            example(
                    ProblemType.INVALID_REQUEST,
                    "from must be a non-negative offset, got -1",
                    "/jobs/3f2c9a1b7d6e4c50/output")),
    INPUT_REFUSED(
            "409",
            "The whole body is refused: it holds an epoch below the highest one already accepted, "
                    + "the input is closed, the job has ended, or the job reads its input from a builder",
            example(
                    ProblemType.INPUT_CONFLICT,
                    "epoch 3 is below epoch 5, the highest this job's input already "
                            + "accepted; an http input is one stream in epoch order, so a body may not go back (the "
                            + "whole body was refused)",
                    "/jobs/3f2c9a1b7d6e4c50/input")),
    CANNOT_SUSPEND(
            "409",
            "The job is not `RUNNING` (it is starting, completing, being cancelled or has ended), or it has no "
                    + "processing guarantee, so it would start over on resume",
            example(
                    ProblemType.JOB_STATE_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' is COMPLETED; only a RUNNING job can be suspended",
                    "/jobs/3f2c9a1b7d6e4c50/suspend")),
    CANNOT_RESUME(
            "409",
            "The job is not `SUSPENDED`: still `SUSPENDING` (resume it once `SUSPENDED`), or it has ended",
            example(
                    ProblemType.JOB_STATE_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' is SUSPENDING: it is taking its terminal snapshot; resume it once it "
                            + "is SUSPENDED",
                    "/jobs/3f2c9a1b7d6e4c50/resume")),
    CANNOT_RESTART(
            "409",
            "The job is not `RUNNING` (a `SUSPENDED` job resumes instead), or it has no processing guarantee, so it "
                    + "would start over",
            example(
                    ProblemType.JOB_STATE_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' is SUSPENDED; only a RUNNING job can be restarted (a SUSPENDED one "
                            + "resumes: POST /jobs/3f2c9a1b7d6e4c50/resume)",
                    "/jobs/3f2c9a1b7d6e4c50/restart")),
    IDEMPOTENCY_KEY_IN_USE(
            "409",
            "Another request with the same `Idempotency-Key` is still starting its job: retry in a moment",
            example(
                    ProblemType.IDEMPOTENCY_KEY_IN_USE,
                    "the job of the Idempotency-Key '5b0f7c9e' (job '3f2c9a1b7d6e4c50') is still being started by "
                            + "another request; retry in a moment",
                    "/flows/wordcount/jobs")),
    IDEMPOTENCY_KEY_REUSED(
            "422",
            "The `Idempotency-Key` started a job from another flow or body: a retry sends the same, a new job a "
                    + "new key",
            example(
                    ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "the Idempotency-Key '5b0f7c9e' started job '3f2c9a1b7d6e4c50' with another request (wordcount "
                            + "JobRequest[…]); a retry must send the same flow and body, and a new job needs a new key",
                    "/flows/wordcount/jobs")),
    NOT_AN_HTTP_INPUT(
            "409",
            "The job reads its input from a builder, not over HTTP",
            example(
                    ProblemType.INPUT_CONFLICT,
                    "job '3f2c9a1b7d6e4c50' reads its input from the builder " + "'steady-readings', not over HTTP",
                    "/jobs/3f2c9a1b7d6e4c50/input/close")),
    BODY_TOO_LARGE(
            "413",
            "The body is over the configured limit (`sluice.run.max-request-bytes`)",
            example(
                    ProblemType.BODY_TOO_LARGE,
                    "the body is 70000 bytes; this service takes at most 65536 "
                            + "bytes (sluice.run.max-request-bytes): split the input over several requests, or feed it "
                            + "to a job",
                    "/flows/wordcount/run")),
    TOO_MANY_JOBS(
            "429",
            "The cluster runs `sluice.jobs.max-running` jobs already: cancel one, or retry later (`Retry-After`)",
            retryAfter(),
            example(
                    ProblemType.TOO_MANY_JOBS,
                    "the cluster runs 1000 jobs, as many as it takes (sluice.jobs.max-running is 1000); cancel a "
                            + "job (DELETE /jobs/{id}) or raise the limit, then start this one again",
                    "/flows/wordcount/jobs")),
    INPUT_BACKLOG_FULL(
            "429",
            "The job holds `sluice.jobs.max-input-backlog` bytes of input its workers have not passed for good: "
                    + "the whole body is refused; send it again after `Retry-After` seconds",
            retryAfter(),
            example(
                    ProblemType.INPUT_BACKLOG_FULL,
                    "job '3f2c9a1b7d6e4c50' holds 66584123 bytes of input its workers have not passed for good yet; "
                            + "this body of 1048576 bytes would take it over 67108864 bytes "
                            + "(sluice.jobs.max-input-backlog): the whole body was refused; send it again once the "
                            + "job has caught up (Retry-After), or send slower",
                    "/jobs/3f2c9a1b7d6e4c50/input")),
    TOO_MANY_RUNS(
            "429",
            "This member runs as many finite runs, or as many request bytes of them, as it takes "
                    + "(`sluice.run.max-concurrent`, `sluice.run.max-concurrent-bytes`): retry after `Retry-After` "
                    + "seconds, or send the run to another member",
            retryAfter(),
            example(
                    ProblemType.TOO_MANY_RUNS,
                    "this member runs 2 finite runs with 100000000 bytes of input, and this one's 50000000 bytes "
                            + "would take it over 67108864 bytes (sluice.run.max-concurrent-bytes); retry after 1 s "
                            + "or send the run to another member",
                    "/flows/wordcount/run")),
    OUTPUT_GONE(
            "410",
            "`from` is below the job's output window (`outputRetention`): those pairs are gone; the problem's "
                    + "`firstKept` is the first offset still kept",
            example(
                    ProblemType.OUTPUT_GONE,
                    "the output of job '3f2c9a1b7d6e4c50' keeps offsets from 5000 on (its outputRetention); offset "
                            + "0 is gone: read from 5000",
                    "/jobs/3f2c9a1b7d6e4c50/output")),
    /** Spring's own problem, without a type. */
    NOT_JSON(
            "415",
            "The body is not `application/json`",
            new Named(
                    null,
                    problem(
                            null,
                            "Unsupported Media Type",
                            415,
                            "Content-Type 'text/plain' is not supported.",
                            "/flows/wordcount/run"))),
    /** Spring's own problem, without a type. */
    NOT_ACCEPTABLE(
            "406",
            "The `Accept` header accepts none of the media types this operation answers with",
            new Named(
                    null,
                    problem(
                            null,
                            "Not Acceptable",
                            406,
                            "Acceptable representations: [application/json, application/*+json].",
                            "/flows"))),
    STEP_FAILED(
            "422",
            "A step of the flow threw; the problem names the step (`stepIndex`, `operator`) and the " + "message",
            stepFailed()),
    BODY_TIMEOUT(
            "408",
            "The body did not arrive whole in time (`sluice.run.body-timeout`)",
            example(
                    ProblemType.BODY_TIMEOUT,
                    "the request body did not arrive within 60000 ms (12 bytes came); send the whole body at once",
                    "/jobs/3f2c9a1b7d6e4c50/input")),
    /**
     * What any operation can answer with authentication on ({@code sluice.security.enabled}): no
     * credentials, or ones the service does not know; with a {@code WWW-Authenticate} challenge.
     */
    UNAUTHENTICATED(
            "401",
            "Authentication is on and the request has no valid credentials: send `Authorization: Bearer <token>` "
                    + "(or `Basic` for a configured user); the `WWW-Authenticate` header names the schemes",
            example(
                    ProblemType.UNAUTHENTICATED,
                    "GET /jobs needs credentials with the role 'read': send Authorization: Bearer <token>",
                    "/jobs")),
    /** What any operation can answer with authentication on: the credentials lack the operation's role. */
    FORBIDDEN(
            "403",
            "Authentication is on and the credentials lack the role the operation needs (`read`, or "
                    + "`operate`, which implies `read`)",
            example(
                    ProblemType.FORBIDDEN,
                    "'dashboard' has the roles [read]; POST /flows/{name}/jobs needs the role 'operate'",
                    "/flows/wordcount/jobs")),
    /** What any operation can answer: this member is shutting down, or has no cluster. */
    UNAVAILABLE(
            "503",
            "This member is shutting down (send the request to another member), or is not part of a running cluster",
            example(
                    "shutting down",
                    ProblemType.MEMBER_SHUTTING_DOWN,
                    "this member is shutting down and takes "
                            + "no new requests; send the request to another member of the cluster"),
            example(
                    "no cluster",
                    ProblemType.NO_CLUSTER,
                    "this member is not part of a running cluster: Hazelcast instance is not active!")),
    NO_CLUSTER(
            "503",
            "This member is not part of a running cluster",
            example(
                    ProblemType.NO_CLUSTER,
                    "this member is not part of a running cluster: Hazelcast instance is not active!",
                    "/cluster")),
    RUN_UNAVAILABLE(
            "503",
            "This member is not part of a running cluster, or is shutting down (send the run to "
                    + "another member), or the cluster changed during the run: a member it ran on left, and again "
                    + "during its one retry, or the flow is not the same on every member (the problem's `lacking` "
                    + "and `different` name those members)",
            example(
                    "shutting down",
                    ProblemType.MEMBER_SHUTTING_DOWN,
                    "this member is shutting down and takes "
                            + "no new requests; send the request to another member of the cluster"),
            example(
                    "cluster changed",
                    ProblemType.CLUSTER_CHANGED,
                    "the cluster changed during the run: a "
                            + "member it ran on left (MemberLeftException: Member [127.0.0.1]:5702 has left cluster!), "
                            + "and again during its retry (TopologyChangedException: Member left the cluster); run it "
                            + "again once the cluster is stable"),
            example(
                    "no cluster",
                    ProblemType.NO_CLUSTER,
                    "this member is not part of a running cluster: Hazelcast instance is not active!"),
            flowMismatch("/flows/wordcount/run")),
    /** A job start: as any operation, or the flow or a builder differs between members. */
    START_UNAVAILABLE(
            "503",
            "This member is shutting down (send the request to another member), or is not part of a running "
                    + "cluster, or the flow or a builder the job names is not the same on every member (the "
                    + "problem's `lacking` and `different` name those members)",
            example(
                    "shutting down",
                    ProblemType.MEMBER_SHUTTING_DOWN,
                    "this member is shutting down and takes "
                            + "no new requests; send the request to another member of the cluster"),
            example(
                    "no cluster",
                    ProblemType.NO_CLUSTER,
                    "this member is not part of a running cluster: Hazelcast instance is not active!"),
            flowMismatch("/flows/wordcount/jobs"));

    private final String status;
    private final String description;
    private final List<Named> examples;
    private final Map<String, Header> headers;

    ApiError(String status, String description, Named... examples) {
        this(status, description, Map.of(), examples);
    }

    ApiError(String status, String description, Map<String, Header> headers, Named... examples) {
        this.status = status;
        this.description = description;
        this.examples = List.of(examples);
        this.headers = headers;
    }

    ApiResponse response() {
        MediaType problem = new MediaType().schema(new JsonSchema().$ref(ApiDocs.PROBLEM_REF));
        if (examples.size() == 1 && examples.get(0).name() == null) {
            problem.example(examples.get(0).value());
        } else {
            examples.forEach(e -> problem.addExamples(
                    e.name(), new Example().description(e.name()).value(e.value())));
        }
        ApiResponse response = new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(ApiDocs.PROBLEM_JSON, problem));
        if (this == UNAUTHENTICATED) {
            response.addHeaderObject(
                    HttpHeaders.WWW_AUTHENTICATE,
                    new Header()
                            .description("The authentication schemes the service takes: `Bearer realm=\"sluice\"` "
                                    + "(with `error=\"invalid_token\"` for a token it does not know), and "
                                    + "`Basic realm=\"sluice\"` where users are configured")
                            .required(true)
                            .schema(new JsonSchema().types(Set.of("string"))));
        }
        headers.forEach(response::addHeaderObject);
        return response;
    }

    private static Named example(ProblemType type, String detail, String instance) {
        return new Named(null, problem(type, type.title(), type.status().value(), detail, instance));
    }

    private static Named example(String name, ProblemType type, String detail) {
        return new Named(name, problem(type, type.title(), type.status().value(), detail, "/flows/wordcount/run"));
    }

    private static Named stepFailed() {
        Map<String, Object> problem = problem(
                ProblemType.STEP_FAILED,
                ProblemType.STEP_FAILED.title(),
                422,
                "step 0 (map) of flow 'pagerank' threw IllegalArgumentException: a link is \"parent,child\", got "
                        + "\"no comma\"",
                "/flows/pagerank/run");
        problem.put("flow", "pagerank");
        problem.put("stepIndex", 0);
        problem.put("operator", "map");
        problem.put("exception", IllegalArgumentException.class.getName());
        return new Named(null, problem);
    }

    private static Named flowMismatch(String instance) {
        Map<String, Object> problem = problem(
                ProblemType.FLOW_NOT_ON_EVERY_MEMBER,
                ProblemType.FLOW_NOT_ON_EVERY_MEMBER.title(),
                503,
                "the flow 'wordcount' is not the same on every member of the cluster: 127.0.0.1:5703 lacks it. "
                        + "Give every member the same flow jars (sluice.flows.path, SLUICE_FLOWS_PATH) and restart "
                        + "the members that differ, then try again",
                instance);
        problem.put("lacking", List.of("127.0.0.1:5703"));
        problem.put("different", List.of());
        return new Named("flow not on every member", problem);
    }

    private static Map<String, Object> problem(
            ProblemType type, String title, int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        if (type != null) {
            problem.put("type", type.uri().toString());
        }
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        return problem;
    }

    /** The header of a response that says when to try again. */
    private static Map<String, Header> retryAfter() {
        return Map.of(
                "Retry-After",
                new Header()
                        .description("Seconds to wait before sending the request again")
                        .schema(new JsonSchema().types(java.util.Set.of("integer"))));
    }

    /** An example problem, named where a response has several. */
    private record Named(String name, Map<String, Object> value) {}

    /** What every operation can answer, unless it documents that status itself. */
    private static final List<ApiError> EVERY_OPERATION =
            List.of(UNAUTHENTICATED, FORBIDDEN, NOT_ACCEPTABLE, UNAVAILABLE);

    /** What every operation that takes a body can answer, unless it documents that status itself. */
    private static final List<ApiError> EVERY_BODY = List.of(BODY_TIMEOUT, BODY_TOO_LARGE, NOT_JSON);

    /**
     * Adds the responses an operation's {@link ApiErrors} lists, and those every operation (or every one
     * with a body) can get, in status order with its own.
     */
    static OperationCustomizer documenter() {
        return (Operation operation, HandlerMethod handler) -> {
            ApiErrors errors = handler.getMethodAnnotation(ApiErrors.class);
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            if (errors != null) {
                for (ApiError error : errors.value()) {
                    responses.addApiResponse(error.status, error.response());
                }
            }
            for (ApiError error : EVERY_OPERATION) {
                responses.putIfAbsent(error.status, error.response());
            }
            if (operation.getRequestBody() != null) {
                for (ApiError error : EVERY_BODY) {
                    responses.putIfAbsent(error.status, error.response());
                }
            }
            ApiResponses sorted = new ApiResponses();
            responses.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
                    .forEach(entry -> sorted.addApiResponse(entry.getKey(), entry.getValue()));
            sorted.setExtensions(responses.getExtensions());
            return operation.responses(sorted);
        };
    }
}
