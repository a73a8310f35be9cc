package dev.sluice.server.flows;

/** The OpenAPI examples of {@code GET /flows/{name}/graph}: wordcount's graph, as the service answers it. */
final class GraphExamples {

    private GraphExamples() {}

    static final String WORDCOUNT_JSON = """
            {"name": "wordcount",
             "steps": [
              {"index": 0, "operator": "map", "keyed": false, "exchanges": false},
              {"index": 1, "operator": "flat_map", "keyed": false, "exchanges": false},
              {"index": 2, "operator": "map", "keyed": false, "exchanges": false},
              {"index": 3, "operator": "reduce_epoch", "keyed": true, "exchanges": true},
              {"index": 4, "operator": "capture", "keyed": false, "exchanges": false}],
             "vertices": [
              {"name": "input", "steps": [0, 1, 2]},
              {"name": "step-3-reduce_epoch", "steps": [3, 4]},
              {"name": "output", "steps": []}],
             "edges": [
              {"from": "input", "to": "step-3-reduce_epoch", "routing": "partitioned", "distributed": true, "fromStep": 2, "toStep": 3},
              {"from": "step-3-reduce_epoch", "to": "output", "routing": "local", "distributed": false, "fromStep": 4, "toStep": null}]}""";

    static final String WORDCOUNT_MERMAID = """
            flowchart LR
              subgraph v_input["input"]
                direction LR
                input(["input"])
                s0["0 map"]
                input --> s0
                s1["1 flat_map"]
                s0 --> s1
                s2["2 map"]
                s1 --> s2
              end
              subgraph v_step_3_reduce_epoch["step-3-reduce_epoch"]
                direction LR
                s3["3 reduce_epoch\\nkeyed"]
                s4["4 capture"]
                s3 --> s4
              end
              output[["output"]]
              s2 == "partitioned by exhash" ==> s3
              s4 -. "local" .-> output
            """;
}
