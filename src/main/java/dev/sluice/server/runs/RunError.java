package dev.sluice.server.runs;

import static dev.sluice.server.web.ProblemExample.flowMismatch;
import static dev.sluice.server.web.ProblemExample.noCluster;
import static dev.sluice.server.web.ProblemExample.shuttingDown;

import dev.sluice.server.web.DocumentedError;
import dev.sluice.server.web.ErrorDoc;
import dev.sluice.server.web.ProblemExample;
import dev.sluice.server.web.ProblemType;

/**
 * The error responses only the finite runs answer with, as the OpenAPI document shows them: an
 * operation lists them with {@link RunErrors} (and the shared ones with {@code ApiErrors}).
 */
enum RunError implements DocumentedError {
    INVALID_RUN_REQUEST(ErrorDoc.of(
            "400",
            "Malformed JSON, a pair that is not `[non-negative integer, item]`, an item that "
                    + "does not convert to the flow's input type, or `epochs` / `workers` out of range",
            ProblemExample.of(
                    ProblemType.INVALID_INPUT,
                    "pair 0 has a negative epoch -1; epochs are non-negative",
                    "/flows/wordcount/run"))),
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

    RunError(ErrorDoc doc) {
        this.doc = doc;
    }

    @Override
    public ErrorDoc doc() {
        return doc;
    }
}
