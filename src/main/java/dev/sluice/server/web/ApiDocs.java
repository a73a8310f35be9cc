package dev.sluice.server.web;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.http.MediaType;

/**
 * What the OpenAPI document says beyond the code: media types, the names of the wire-format schemas
 * (defined in {@code OpenApiConfiguration}), request and response examples, and one annotation per
 * error response, so an operation lists its errors as e.g. {@code @UnknownFlow @BodyTooLarge}.
 * Every error is {@code application/problem+json} with the {@value #PROBLEM} schema.
 */
public final class ApiDocs {

    private ApiDocs() {}

    // --- media types ---

    public static final String JSON = "application/json";
    public static final String NDJSON = "application/x-ndjson";
    public static final MediaType NDJSON_TYPE = MediaType.parseMediaType(NDJSON);
    public static final String EVENT_STREAM = "text/event-stream";
    public static final String PROBLEM_JSON = "application/problem+json";

    // --- schemas (components) ---

    private static final String SCHEMAS = "#/components/schemas/";
    /** {@code [epoch, item]}. */
    public static final String PAIR = "Pair";
    /** {@code [[epoch, item], …]}. */
    public static final String PAIRS = "Pairs";
    /** {@code [item, …]}, for {@code ?epochs=single|ordered}. */
    public static final String ITEMS = "Items";
    /** A run's body: {@value #PAIRS} or, with {@code ?epochs=single|ordered}, {@value #ITEMS}. */
    public static final String RUN_INPUT = "RunInput";
    /** An RFC 9457 problem. */
    public static final String PROBLEM = "Problem";

    public static final String PAIR_REF = SCHEMAS + PAIR;
    public static final String PAIRS_REF = SCHEMAS + PAIRS;
    public static final String RUN_INPUT_REF = SCHEMAS + RUN_INPUT;
    public static final String PROBLEM_REF = SCHEMAS + PROBLEM;

    // --- examples ---

    public static final String WORDCOUNT_PAIRS = """
            [[0, "the quick brown fox"], [0, "the lazy dog"], [1, "the end"]]""";
    public static final String WORDCOUNT_ITEMS = """
            ["the quick brown fox", "the lazy dog"]""";
    public static final String ANOMALY_PAIRS = """
            [[0, ["cpu", 4.0]], [1, ["cpu", 6.0]], [2, ["cpu", 20.0]]]""";
    public static final String SEARCH_SESSION_PAIRS = """
            [[0, {"type": "AppOpen", "user": 1}], [1, {"type": "Search", "user": 1, "query": "dogs"}], \
            [2, {"type": "Results", "user": 1}], [3, {"type": "ClickResult", "user": 1}], \
            [4, {"type": "AppClose", "user": 1}]]""";
    public static final String WORDCOUNT_OUTPUT = """
            [[0, ["the", 2]], [0, ["quick", 1]], [0, ["brown", 1]], [0, ["fox", 1]], [0, ["lazy", 1]], \
            [0, ["dog", 1]], [1, ["the", 1]], [1, ["end", 1]]]""";
    public static final String WORDCOUNT_OUTPUT_NDJSON = """
            [0,["the",2]]
            [0,["quick",1]]
            [1,["end",1]]
            """;
    public static final String WORDCOUNT_OUTPUT_EVENTS = """
            id: 0
            data: [0,["the",2]]

            id: 1
            data: [0,["quick",1]]

            """;
    public static final String HTTP_JOB = """
            {"input": {"type": "http"}, "output": {"type": "http"}, "workersPerProcess": 2}""";
    public static final String BUILDER_JOB = """
            {"input": {"type": "builder", "name": "steady-readings"}, "output": {"type": "http"}}""";

    // --- error responses ---

    /** {@code 404}: the path names no flow. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "No flow has that name",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/unknown-flow", "title": "Unknown flow", "status": 404, \
                            "detail": "there is no flow named 'nope'; the flows are [anomaly-detector, pagerank, \
                            search-session, wordcount]", "instance": "/flows/nope/run"}""")))
    public @interface UnknownFlow {}

    /** {@code 404}: the path names no job. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "404", description = "No job has that ID",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/unknown-job", "title": "Unknown job", "status": 404, \
                            "detail": "there is no job with ID 'nope'", "instance": "/jobs/nope"}""")))
    public @interface UnknownJob {}

    /** {@code 400} for a run: the body or a query parameter. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400",
            description = "Malformed JSON, a pair that is not `[non-negative integer, item]`, an item that does not "
                    + "convert to the flow's input type, or `epochs` / `workers` out of range",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/invalid-input", "title": "Invalid input", \
                            "status": 400, "detail": "pair 0 has a negative epoch -1; epochs are non-negative", \
                            "instance": "/flows/wordcount/run"}""")))
    public @interface InvalidRunRequest {}

    /** {@code 400} for a body of pairs. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400",
            description = "Malformed JSON, a pair that is not `[non-negative integer, item]`, or an item that does "
                    + "not convert to the flow's input type",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/invalid-input", "title": "Invalid input", \
                            "status": 400, "detail": "pair 0 value: the item does not convert to Double", \
                            "instance": "/jobs/3f2c9a1b7d6e4c50/input"}""")))
    public @interface InvalidPairs {}

    /** {@code 400} for a job request. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400",
            description = "No body, malformed JSON, an input or output that is neither `http` nor a known builder, "
                    + "or `workersPerProcess` out of range",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/invalid-request", "title": "Invalid request", \
                            "status": 400, "detail": "there is no input builder named 'nope'; the input builders \
                            are [steady-readings]", "instance": "/flows/anomaly-detector/jobs"}""")))
    public @interface InvalidJobRequest {}

    /** {@code 400} for reading a job's output. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "400",
            description = "`from` is negative, or the job writes its output to a builder, not to HTTP",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/invalid-request", "title": "Invalid request", \
                            "status": 400, "detail": "from must be a non-negative offset, got -1", \
                            "instance": "/jobs/3f2c9a1b7d6e4c50/output"}""")))
    public @interface InvalidOutputRequest {}

    /** {@code 409} for feeding a job's input. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "409",
            description = "The whole body is refused: it holds an epoch below the highest one already accepted, the "
                    + "input is closed, the job has ended, or the job reads its input from a builder",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/input-conflict", "title": "Input refused", \
                            "status": 409, "detail": "epoch 3 is below epoch 5, the highest this job's input already \
                            accepted; an http input is one stream in epoch order, so a body may not go back (the \
                            whole body was refused)", "instance": "/jobs/3f2c9a1b7d6e4c50/input"}""")))
    public @interface InputRefused {}

    /** {@code 409} for closing a job's input. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "409", description = "The job reads its input from a builder, not over HTTP",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/input-conflict", "title": "Input refused", \
                            "status": 409, "detail": "job '3f2c9a1b7d6e4c50' reads its input from the builder \
                            'steady-readings', not over HTTP", "instance": "/jobs/3f2c9a1b7d6e4c50/input/close"}""")))
    public @interface NotAnHttpInput {}

    /** {@code 413}: {@code sluice.run.max-request-bytes}. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "413",
            description = "The body is over the configured limit (`sluice.run.max-request-bytes`)",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/body-too-large", "title": "Request body too large", \
                            "status": 413, "detail": "the body is 70000 bytes; this service takes at most 65536 bytes \
                            (sluice.run.max-request-bytes): split the input over several requests, or feed it to a \
                            job", "instance": "/flows/wordcount/run"}""")))
    public @interface BodyTooLarge {}

    /** {@code 415}: a body that is not JSON. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "415", description = "The body is not `application/json`",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"title": "Unsupported Media Type", "status": 415, \
                            "detail": "Content-Type 'text/plain' is not supported.", \
                            "instance": "/flows/wordcount/run"}""")))
    public @interface NotJson {}

    /** {@code 422}: a step of the flow threw. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "422",
            description = "A step of the flow threw; the problem names the step (`stepIndex`, `operator`) and the "
                    + "message",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/step-failed", "title": "A step of the flow failed", \
                            "status": 422, "detail": "step 0 (map) of flow 'pagerank' threw \
                            IllegalArgumentException: a link is \\"parent,child\\", got \\"no comma\\"", \
                            "instance": "/flows/pagerank/run", "flow": "pagerank", "stepIndex": 0, "operator": "map", \
                            "exception": "java.lang.IllegalArgumentException"}""")))
    public @interface StepFailed {}

    /** {@code 503}: this member is not in a running cluster. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "503", description = "This member is not part of a running cluster",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF),
                    examples = @ExampleObject(value = """
                            {"type": "https://sluice.dev/problems/no-cluster", "title": "No cluster", "status": 503, \
                            "detail": "this member is not part of a running cluster: Hazelcast instance is not \
                            active!", "instance": "/cluster"}""")))
    public @interface NoCluster {}

    /** {@code 503} of a run: no cluster, this member shutting down, or a member lost by the run and its retry. */
    @Documented
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @ApiResponse(responseCode = "503", description = "This member is not part of a running cluster, or is shutting "
            + "down (send the run to another member), or the cluster changed during the run: a member it ran on left, "
            + "and again during its one retry",
            content = @Content(mediaType = PROBLEM_JSON, schema = @Schema(ref = PROBLEM_REF), examples = {
                @ExampleObject(name = "shutting down", value = """
                        {"type": "https://sluice.dev/problems/member-shutting-down", "title": "Member shutting down", \
                        "status": 503, "detail": "this member is shutting down and takes no new requests; send the \
                        request to another member of the cluster", "instance": "/flows/wordcount/run"}"""),
                @ExampleObject(name = "cluster changed", value = """
                        {"type": "https://sluice.dev/problems/cluster-changed", "title": "The cluster changed during \
                        the run", "status": 503, "detail": "the cluster changed during the run: a member it ran on \
                        left (MemberLeftException: Member [127.0.0.1]:5702 has left cluster!), and again during its \
                        retry (TopologyChangedException: Member left the cluster); run it again once the cluster is \
                        stable", "instance": "/flows/wordcount/run"}"""),
                @ExampleObject(name = "no cluster", value = """
                        {"type": "https://sluice.dev/problems/no-cluster", "title": "No cluster", "status": 503, \
                        "detail": "this member is not part of a running cluster: Hazelcast instance is not \
                        active!", "instance": "/flows/wordcount/run"}""")}))
    public @interface RunUnavailable {}
}
