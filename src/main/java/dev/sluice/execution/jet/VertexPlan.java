package dev.sluice.execution.jet;

import dev.sluice.dataflow.Step;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.worker.Segment;
import java.io.Serializable;
import java.util.List;

/**
 * What one vertex of the DAG runs: the segments {@code [fromSegment, toSegment)} of the flow's steps
 * (see {@link Segment#of}), fused. The first segment either starts at the input or has a keyed head
 * that exchanges; the others have a {@code reduce_epoch_local} head, which does not.
 *
 * <p>Outbox ordinals: {@code 0} goes to the next vertex when there is one; then one ordinal per
 * capture step of this vertex, in step order, goes to the output vertex.
 *
 * @param steps all the flow's steps (segments are recomputed from them on the member)
 * @param fromSegment the index of this vertex's first segment
 * @param toSegment the index after its last segment
 * @param tag whose work the vertex's workers count, in their member's {@link MemberMetrics}; {@code null}
 *     counts nowhere
 */
record VertexPlan(List<Step> steps, int fromSegment, int toSegment, MetricsTag tag) implements Serializable {

    VertexPlan {
        steps = List.copyOf(steps);
    }

    /** A vertex whose counts are registered nowhere. */
    VertexPlan(List<Step> steps, int fromSegment, int toSegment) {
        this(steps, fromSegment, toSegment, null);
    }

    /** The segments of this vertex. */
    List<Segment> segments() {
        return Segment.of(steps).subList(fromSegment, toSegment);
    }

    /** The segment of the next vertex, whose head exchanges; {@code null} for the last vertex. */
    Segment next() {
        List<Segment> all = Segment.of(steps);
        return toSegment < all.size() ? all.get(toSegment) : null;
    }

    /** The number of capture steps in this vertex. */
    int captureCount() {
        return segments().stream().mapToInt(Segment::captureCount).sum();
    }
}
