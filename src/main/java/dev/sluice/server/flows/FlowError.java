package dev.sluice.server.flows;

import dev.sluice.server.web.DocumentedError;
import dev.sluice.server.web.ErrorDoc;
import dev.sluice.server.web.ProblemExample;
import dev.sluice.server.web.ProblemType;

/**
 * The error responses only the flows' operations answer with, as the OpenAPI document shows them: an
 * operation lists them with {@link FlowErrors} (and the shared ones with {@code ApiErrors}).
 */
enum FlowError implements DocumentedError {
    INVALID_GRAPH_REQUEST(ErrorDoc.of(
            "400",
            "`format` is neither `json` nor `mermaid`",
            ProblemExample.of(
                    ProblemType.INVALID_REQUEST,
                    "format must be \"json\" or \"mermaid\", got \"svg\"",
                    "/flows/wordcount/graph")));

    private final ErrorDoc doc;

    FlowError(ErrorDoc doc) {
        this.doc = doc;
    }

    @Override
    public ErrorDoc doc() {
        return doc;
    }
}
