package dev.sluice.execution.jet;

import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.Vertex;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The physical plan a flow compiles to on Jet, read from the {@link DAG} that {@link JetDataflow#dag}
 * builds for it: its vertices, in data order, with the steps each fuses, and its edges with their
 * routing. What {@code GET /flows/{name}/graph} shows: the plan of a job, whose output is a vertex of
 * its own. (A finite run, whose output is a plain one per worker, calls it from the vertex of its
 * capture steps when they are all in one, with no {@code output} vertex: see
 * {@link JetDataflow#fusesOutput}.)
 *
 * @param vertices the vertices: {@code input} first, {@code output} last
 * @param edges every edge, in the order of their source vertex and ordinal
 */
public record JetPlan(List<PlanVertex> vertices, List<PlanEdge> edges) {

    /** How an edge routes items; the names users see. */
    public enum Routing {
        /** To the worker that owns the item's key: partitioned by the key's {@code Exhash}. */
        PARTITIONED,
        /** To the same worker on the same member: worker {@code i} to worker {@code i}. */
        LOCAL,
        /** To every worker. */
        BROADCAST,
        /** To any one worker, round-robin. */
        ROUND_ROBIN;

        /** The lower-case name on the wire, e.g. {@code partitioned}. */
        public String wire() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /**
     * One vertex: each worker has one processor in it, running its steps fused in one call.
     *
     * @param name the vertex's name in the DAG
     * @param steps the indices of the steps it fuses, in order (none for an input with a keyed first step,
     *     and for {@code output})
     */
    public record PlanVertex(String name, List<Integer> steps) {}

    /**
     * One edge.
     *
     * @param from the source vertex
     * @param to the destination vertex
     * @param routing how it routes items
     * @param distributed whether items cross members (else they stay on the member)
     * @param fromStep the step whose items it takes: the source vertex's last step, or the capture step it
     *     carries; {@code null} when the source runs no step
     * @param toStep the step it feeds, {@code null} for {@code output}
     */
    public record PlanEdge(
            String from, String to, Routing routing, boolean distributed, Integer fromStep, Integer toStep) {}

    /** The plan of a flow, as one that runs on Jet would have it. */
    public static JetPlan of(Dataflow<?, ?> flow) {
        Objects.requireNonNull(flow, "flow must not be null").validate();
        List<Step> steps = flow.steps();
        @SuppressWarnings({"unchecked", "rawtypes"})
        DAG dag = JetDataflow.dag((Dataflow) flow, NO_INPUT, NO_OUTPUT, 1, null, false);
        List<VertexPlan> plans = JetDataflow.vertexPlans(steps);
        List<PlanVertex> vertices = new ArrayList<>();
        List<List<Integer>> stepsOf = new ArrayList<>();
        for (VertexPlan plan : plans) {
            List<Integer> fused = new ArrayList<>();
            plan.segments().forEach(segment -> {
                int first = segment.head() == null ? segment.statelessIndex() : segment.firstIndex();
                int end = segment.statelessIndex() + segment.stateless().size();
                IntStream.range(first, end).forEach(fused::add);
            });
            stepsOf.add(fused);
        }
        List<String> names = new ArrayList<>();
        for (Vertex vertex : dag) {
            names.add(vertex.getName());
        }
        // the DAG's vertices in data order: input, the step vertices, output (created first, listed last)
        names.remove("output");
        names.add("output");
        for (int v = 0; v < names.size(); v++) {
            vertices.add(new PlanVertex(names.get(v), v < stepsOf.size() ? List.copyOf(stepsOf.get(v)) : List.of()));
        }
        List<PlanEdge> edges = new ArrayList<>();
        for (int v = 0; v < stepsOf.size(); v++) {
            List<Integer> own = stepsOf.get(v);
            int[] captures = own.stream()
                    .filter(i -> steps.get(i) instanceof Step.Capture)
                    .mapToInt(Integer::intValue)
                    .toArray();
            boolean hasNext = v + 1 < stepsOf.size();
            for (Edge edge : dag.getOutboundEdges(names.get(v))) {
                int ordinal = edge.getSourceOrdinal();
                boolean data = hasNext && ordinal == 0;
                Integer fromStep = data
                        ? (own.isEmpty() ? null : own.get(own.size() - 1))
                        : Integer.valueOf(captures[ordinal - (hasNext ? 1 : 0)]);
                Integer toStep = data ? stepsOf.get(v + 1).get(0) : null;
                edges.add(new PlanEdge(
                        edge.getSourceName(),
                        edge.getDestName(),
                        routing(edge.getRoutingPolicy()),
                        edge.isDistributed(),
                        fromStep,
                        toStep));
            }
        }
        return new JetPlan(List.copyOf(vertices), List.copyOf(edges));
    }

    private static Routing routing(Edge.RoutingPolicy policy) {
        return switch (policy) {
            case PARTITIONED -> Routing.PARTITIONED;
            case ISOLATED -> Routing.LOCAL;
            case BROADCAST -> Routing.BROADCAST;
            case UNICAST, FANOUT -> Routing.ROUND_ROBIN;
        };
    }

    private static final InputBuilderFn<Object> NO_INPUT = (worker, workers) -> List.of();
    private static final OutputBuilderFn NO_OUTPUT = (worker, workers) -> pair -> {};
}
