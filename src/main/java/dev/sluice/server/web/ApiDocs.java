package dev.sluice.server.web;

import org.springframework.http.MediaType;

/**
 * What the OpenAPI document says beyond the code: media types, the names of the wire-format schemas
 * (defined in {@link OpenApiConfiguration}), request and response examples. The error responses are
 * the features' {@link DocumentedError}s, each {@code application/problem+json} with the {@value #PROBLEM}
 * schema.
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
    /** An RFC 9457 problem. */
    public static final String PROBLEM = "Problem";
    /** A line of a finite run's NDJSON answer: a pair, or the problem that ended the run. */
    public static final String RUN_LINE = "RunLine";

    public static final String PAIR_REF = SCHEMAS + PAIR;
    public static final String PAIRS_REF = SCHEMAS + PAIRS;
    public static final String ITEMS_REF = SCHEMAS + ITEMS;
    public static final String PROBLEM_REF = SCHEMAS + PROBLEM;
    public static final String RUN_LINE_REF = SCHEMAS + RUN_LINE;

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
    public static final String WORDCOUNT_ITEMS_OUTPUT = """
            [[0, ["the", 2]], [0, ["quick", 1]], [0, ["brown", 1]], [0, ["fox", 1]], [0, ["lazy", 1]], \
            [0, ["dog", 1]]]""";
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
}
