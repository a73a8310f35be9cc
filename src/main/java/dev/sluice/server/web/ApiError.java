package dev.sluice.server.web;

import static dev.sluice.server.web.ProblemExample.noCluster;
import static dev.sluice.server.web.ProblemExample.shuttingDown;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.JsonSchema;
import java.util.Set;
import org.springframework.http.HttpHeaders;

/**
 * The documented error responses that several features answer with, or every operation; a feature's
 * own are in its package ({@code JobError}, {@code RunError}, {@code FlowError}). An operation lists them with {@link ApiErrors}, e.g. {@code @ApiErrors({UNKNOWN_FLOW, BODY_TOO_LARGE})},
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
    BODY_TOO_LARGE(ErrorDoc.of(
            "413",
            "The body is over the configured limit (`sluice.run.max-request-bytes`)",
            ProblemExample.of(
                    ProblemType.BODY_TOO_LARGE,
                    "the body is 70000 bytes; this service takes at most 65536 "
                            + "bytes (sluice.run.max-request-bytes): split the input over several requests, or feed it "
                            + "to a job",
                    "/flows/wordcount/run"))),
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
                    "/cluster")));

    private final ErrorDoc doc;

    ApiError(ErrorDoc doc) {
        this.doc = doc;
    }

    @Override
    public ErrorDoc doc() {
        return doc;
    }
}
