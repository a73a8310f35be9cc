package dev.sluice.server.web;

import static dev.sluice.server.web.ProblemExample.flowMismatch;
import static dev.sluice.server.web.ProblemExample.noCluster;
import static dev.sluice.server.web.ProblemExample.shuttingDown;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.JsonSchema;
import java.util.Set;
import org.springframework.http.HttpHeaders;

/**
 * The documented error responses that several features answer with, or every operation (the runs' and
 * the flows' own are here too, until they move to their packages as the jobs' did to {@code JobError}).
 * An operation lists them with {@link ApiErrors}, e.g. {@code @ApiErrors({UNKNOWN_FLOW, BODY_TOO_LARGE})},
 * and {@link ErrorResponses} adds them to the OpenAPI document, each {@code application/problem+json}
 * with the {@value ApiDocs#PROBLEM} schema and an example.
 */
public enum ApiError implements DocumentedError {
    UNKNOWN_FLOW(ErrorDoc.of(
            "404",
            "No flow has that name",
            ProblemExample.of(
                    ProblemType.UNKNOWN_FLOW,
                    "there is no flow named "
                            + "'nope'; the flows are [anomaly-detector, pagerank, search-session, wordcount]",
                    "/flows/nope/run"))),
    INVALID_GRAPH_REQUEST(ErrorDoc.of(
            "400",
            "`format` is neither `json` nor `mermaid`",
            ProblemExample.of(
                    ProblemType.INVALID_REQUEST,
                    "format must be \"json\" or \"mermaid\", got \"svg\"",
                    "/flows/wordcount/graph"))),
    INVALID_RUN_REQUEST(ErrorDoc.of(
            "400",
            "Malformed JSON, a pair that is not `[non-negative integer, item]`, an item that "
                    + "does not convert to the flow's input type, or `epochs` / `workers` out of range",
            ProblemExample.of(
                    ProblemType.INVALID_INPUT,
                    "pair 0 has a negative epoch -1; epochs are non-negative",
                    "/flows/wordcount/run"))),
    BODY_TOO_LARGE(ErrorDoc.of(
            "413",
            "The body is over the configured limit (`sluice.run.max-request-bytes`)",
            ProblemExample.of(
                    ProblemType.BODY_TOO_LARGE,
                    "the body is 70000 bytes; this service takes at most 65536 "
                            + "bytes (sluice.run.max-request-bytes): split the input over several requests, or feed it "
                            + "to a job",
                    "/flows/wordcount/run"))),
    TOO_MANY_RUNS(ErrorDoc.of(
                    "429",
                    "This member runs as many finite runs, or as many request bytes of them, as it takes "
                            + "(`sluice.run.max-concurrent`, `sluice.run.max-concurrent-bytes`): retry after "
                            + "`Retry-After` seconds, or send the run to another member",
                    ProblemExample.of(
                            ProblemType.TOO_MANY_RUNS,
                            "this member runs 2 finite runs with 100000000 bytes of input, and this one's 50000000 "
                                    + "bytes would take it over 67108864 bytes (sluice.run.max-concurrent-bytes); retry "
                                    + "after 1 s or send the run to another member",
                            "/flows/wordcount/run"))
            .withRetryAfter()),
    /** Spring's own problem, without a type. */
    NOT_JSON(ErrorDoc.of(
            "415",
            "The body is not `application/json`",
            ProblemExample.untyped(
                    "Unsupported Media Type",
                    415,
                    "Content-Type 'text/plain' is not supported.",
                    "/flows/wordcount/run"))),
    /** Spring's own problem, without a type. */
    NOT_ACCEPTABLE(ErrorDoc.of(
            "406",
            "The `Accept` header accepts none of the media types this operation answers with",
            ProblemExample.untyped(
                    "Not Acceptable",
                    406,
                    "Acceptable representations: [application/json, application/*+json].",
                    "/flows"))),
    STEP_FAILED(ErrorDoc.of(
            "422",
            "A step of the flow threw; the problem names the step (`stepIndex`, `operator`) and the " + "message",
            ProblemExample.of(
                            ProblemType.STEP_FAILED,
                            "step 0 (map) of flow 'pagerank' threw IllegalArgumentException: a link is "
                                    + "\"parent,child\", got \"no comma\"",
                            "/flows/pagerank/run")
                    .with("flow", "pagerank")
                    .with("stepIndex", 0)
                    .with("operator", "map")
                    .with("exception", IllegalArgumentException.class.getName()))),
    BODY_TIMEOUT(ErrorDoc.of(
            "408",
            "The body did not arrive whole in time (`sluice.run.body-timeout`)",
            ProblemExample.of(
                    ProblemType.BODY_TIMEOUT,
                    "the request body did not arrive within 60000 ms (12 bytes came); send the whole body at once",
                    "/jobs/3f2c9a1b7d6e4c50/input"))),
    /**
     * What any operation can answer with authentication on ({@code sluice.security.enabled}): no
     * credentials, or ones the service does not know; with a {@code WWW-Authenticate} challenge.
     */
    UNAUTHENTICATED(ErrorDoc.of(
                    "401",
                    "Authentication is on and the request has no valid credentials: send `Authorization: Bearer "
                            + "<token>` (or `Basic` for a configured user); the `WWW-Authenticate` header names the "
                            + "schemes",
                    ProblemExample.of(
                            ProblemType.UNAUTHENTICATED,
                            "GET /jobs needs credentials with the role 'read': send Authorization: Bearer <token>",
                            "/jobs"))
            .withHeader(
                    HttpHeaders.WWW_AUTHENTICATE,
                    new Header()
                            .description("The authentication schemes the service takes: `Bearer realm=\"sluice\"` "
                                    + "(with `error=\"invalid_token\"` for a token it does not know), and "
                                    + "`Basic realm=\"sluice\"` where users are configured")
                            .required(true)
                            .schema(new JsonSchema().types(Set.of("string"))))),
    /** What any operation can answer with authentication on: the credentials lack the operation's role. */
    FORBIDDEN(ErrorDoc.of(
            "403",
            "Authentication is on and the credentials lack the role the operation needs (`read`, or "
                    + "`operate`, which implies `read`)",
            ProblemExample.of(
                    ProblemType.FORBIDDEN,
                    "'dashboard' has the roles [read]; POST /flows/{name}/jobs needs the role 'operate'",
                    "/flows/wordcount/jobs"))),
    /** What any operation can answer: this member is shutting down, or has no cluster. */
    UNAVAILABLE(ErrorDoc.of(
            "503",
            "This member is shutting down (send the request to another member), or is not part of a running cluster",
            shuttingDown(),
            noCluster())),
    NO_CLUSTER(ErrorDoc.of(
            "503",
            "This member is not part of a running cluster",
            ProblemExample.of(
                    ProblemType.NO_CLUSTER,
                    "this member is not part of a running cluster: Hazelcast instance is not active!",
                    "/cluster"))),
    RUN_UNAVAILABLE(ErrorDoc.of(
            "503",
            "This member is not part of a running cluster, or is shutting down (send the run to "
                    + "another member), or the cluster changed during the run: a member it ran on left, and again "
                    + "during its one retry, or the flow is not the same on every member (the problem's `lacking` "
                    + "and `different` name those members)",
            shuttingDown(),
            ProblemExample.of(
                            ProblemType.CLUSTER_CHANGED,
                            "the cluster changed during the run: a member it ran on left (MemberLeftException: "
                                    + "Member [127.0.0.1]:5702 has left cluster!), and again during its retry "
                                    + "(TopologyChangedException: Member left the cluster); run it again once the "
                                    + "cluster is stable",
                            "/flows/wordcount/run")
                    .named("cluster changed"),
            noCluster(),
            flowMismatch("/flows/wordcount/run")));

    private final ErrorDoc doc;

    ApiError(ErrorDoc doc) {
        this.doc = doc;
    }

    @Override
    public ErrorDoc doc() {
        return doc;
    }
}
