package dev.sluice.server.flows;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.Step;
import dev.sluice.execution.jet.JetPlan;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * A flow's graph: its logical steps and the physical plan they compile to on Jet ({@link JetPlan}), as
 * JSON or as Mermaid {@code flowchart} source ({@link #mermaid}).
 *
 * @param name the flow's name
 * @param steps the logical steps, in order
 * @param vertices the Jet vertices, in data order, with the steps each fuses
 * @param edges the Jet edges with their routing
 */
@Schema(
        name = "FlowGraph",
        description = "A flow's logical steps and the Jet plan they compile to: vertices (each fusing a run of "
                + "steps; every worker has one processor in each) and edges with their routing")
record FlowGraph(
        @Schema(description = "The flow's name", example = "wordcount")
        String name,

        @Schema(description = "The logical steps, in order") List<GraphStep> steps,

        @Schema(description = "The Jet vertices in data order: `input` first, `output` last")
        List<GraphVertex> vertices,

        @Schema(description = "The Jet edges, by source vertex")
        List<GraphEdge> edges) {

    /**
     * A logical step.
     *
     * @param index its position in the flow
     * @param operator the seed's operator name
     * @param keyed whether it keeps state per key
     * @param exchanges whether items are routed to the worker that owns their key before it
     */
    @Schema(name = "GraphStep", description = "A logical step of the flow")
    record GraphStep(
            @Schema(description = "Its position in the flow", example = "3")
            int index,

            @Schema(description = "The seed's operator name", example = "reduce_epoch")
            String operator,

            @Schema(description = "Whether it keeps state per key", example = "true")
            boolean keyed,

            @Schema(
                    description = "Whether items are exchanged before it: routed by key to the worker that owns "
                            + "the key (every keyed step but `reduce_epoch_local`)",
                    example = "true")
            boolean exchanges) {}

    /**
     * A Jet vertex.
     *
     * @param name its name in the DAG
     * @param steps the steps it fuses, in order
     */
    @Schema(name = "GraphVertex", description = "A Jet vertex: one processor per worker, running its steps fused")
    record GraphVertex(
            @Schema(description = "Its name in the Jet DAG", example = "step-3-reduce_epoch")
            String name,

            @Schema(description = "The indices of the steps it fuses, in order (none for `output`)", example = "[3, 4]")
            List<Integer> steps) {}

    /**
     * A Jet edge.
     *
     * @param from its source vertex
     * @param to its destination vertex
     * @param routing how it routes items
     * @param distributed whether items cross members
     * @param fromStep the step whose items it carries, or null
     * @param toStep the step it feeds, null for {@code output}
     */
    @Schema(name = "GraphEdge", description = "A Jet edge and how it routes items")
    record GraphEdge(
            @Schema(description = "The source vertex", example = "input")
            String from,

            @Schema(description = "The destination vertex", example = "step-3-reduce_epoch")
            String to,

            @Schema(
                    description = "`partitioned`: to the worker that owns the item's key (by its Exhash); `local`: "
                            + "worker i to worker i on the same member; `broadcast`: to every worker; "
                            + "`round-robin`: to any one worker",
                    allowableValues = {"partitioned", "local", "broadcast", "round-robin"},
                    example = "partitioned")
            String routing,

            @Schema(description = "Whether items cross members", example = "true")
            boolean distributed,

            @Schema(
                    types = {"integer", "null"},
                    description = "The step whose items it carries: the source vertex's last step, or the capture "
                            + "step whose items go to `output`; null when the source runs no step",
                    example = "2")
            Integer fromStep,

            @Schema(
                    types = {"integer", "null"},
                    description = "The step it feeds; null for `output`",
                    example = "3")
            Integer toStep) {}

    static FlowGraph of(String name, Dataflow<?, ?> flow) {
        List<GraphStep> steps = new ArrayList<>();
        for (int i = 0; i < flow.steps().size(); i++) {
            Step step = flow.steps().get(i);
            steps.add(new GraphStep(i, step.operator(), step.keyed(), step.exchanges()));
        }
        JetPlan plan = JetPlan.of(flow);
        return new FlowGraph(
                name,
                steps,
                plan.vertices().stream()
                        .map(v -> new GraphVertex(v.name(), v.steps()))
                        .toList(),
                plan.edges().stream()
                        .map(e -> new GraphEdge(
                                e.from(), e.to(), e.routing().wire(), e.distributed(), e.fromStep(), e.toStep()))
                        .toList());
    }

    /**
     * The graph as Mermaid {@code flowchart} source: a subgraph per vertex holding its steps (fused: an
     * item goes through them in one call), the input and output as nodes of their own, and an arrow per
     * edge, labelled with its routing; edges that cross members are thick.
     */
    String mermaid() {
        StringBuilder out = new StringBuilder("flowchart LR\n");
        for (GraphVertex vertex : vertices) {
            if (vertex.name().equals("output")) {
                out.append("  output[[\"output\"]]\n");
                continue;
            }
            out.append("  subgraph ")
                    .append(id(vertex.name()))
                    .append("[\"")
                    .append(vertex.name())
                    .append("\"]\n");
            out.append("    direction LR\n");
            String previous = null;
            if (vertex.name().equals("input")) {
                out.append("    input([\"input\"])\n");
                previous = "input";
            }
            for (int index : vertex.steps()) {
                GraphStep step = steps.get(index);
                String node = "s" + index;
                out.append("    ")
                        .append(node)
                        .append("[\"")
                        .append(index)
                        .append(" ")
                        .append(step.operator());
                out.append(step.keyed() ? "\\nkeyed" : "").append("\"]\n");
                if (previous != null) {
                    out.append("    ")
                            .append(previous)
                            .append(" --> ")
                            .append(node)
                            .append('\n');
                }
                previous = node;
            }
            out.append("  end\n");
        }
        for (GraphEdge edge : edges) {
            String from = edge.fromStep() != null
                    ? "s" + edge.fromStep()
                    : edge.from().equals("input") ? "input" : id(edge.from());
            String to =
                    edge.toStep() != null ? "s" + edge.toStep() : edge.to().equals("output") ? "output" : id(edge.to());
            String label = edge.routing().equals("partitioned") ? "partitioned by exhash" : edge.routing();
            String arrow = edge.distributed() ? " == \"" + label + "\" ==> " : " -. \"" + label + "\" .-> ";
            out.append("  ").append(from).append(arrow).append(to).append('\n');
        }
        return out.toString();
    }

    /** A Mermaid ID for a vertex: letters, digits and underscores. */
    private static String id(String vertex) {
        return "v_" + vertex.replaceAll("[^A-Za-z0-9_]", "_");
    }
}
