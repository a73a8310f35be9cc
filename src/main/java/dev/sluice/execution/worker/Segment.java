package dev.sluice.execution.worker;

import dev.sluice.dataflow.Step;
import java.util.ArrayList;
import java.util.List;

/**
 * A piece of a flow as drivers run it: at most one keyed step at its head, then the run of stateless
 * steps up to the next keyed step, fused. A flow of {@code n} keyed steps has {@code n + 1} segments;
 * the first has no keyed head and starts at the input. A cluster driver puts an exchange by key in
 * front of each segment whose head {@link Step#exchanges() exchanges}; a {@link WorkerChain} builds
 * one worker's operators for consecutive segments.
 *
 * @param firstIndex the step index of the segment's first step
 * @param head the keyed step at its head, or {@code null} for the first segment
 * @param stateless the stateless steps after the head
 */
public record Segment(int firstIndex, Step.Keyed head, List<Step> stateless) {

    public Segment {
        stateless = List.copyOf(stateless);
    }

    /** Splits a flow's steps into segments, one per keyed step plus the one at the input. */
    public static List<Segment> of(List<Step> steps) {
        List<Segment> segments = new ArrayList<>();
        int start = 0;
        Step.Keyed head = null;
        for (int i = 0; i <= steps.size(); i++) {
            if (i == steps.size() || steps.get(i) instanceof Step.Keyed) {
                int firstStateless = head == null ? start : start + 1;
                segments.add(new Segment(start, head, steps.subList(firstStateless, i)));
                if (i < steps.size()) {
                    head = (Step.Keyed) steps.get(i);
                    start = i;
                }
            }
        }
        return segments;
    }

    /**
     * Where a multi-worker driver cuts a flow's segments into stages (the Jet driver's vertices): a new
     * stage at the input and at each keyed step that {@link Step#exchanges() exchanges}, while a
     * {@code reduce_epoch_local} stays in the stage before it. Stage {@code i} is the segments from
     * {@code bounds[i]} up to {@code bounds[i + 1]}.
     *
     * @return the index of each stage's first segment, then the number of segments
     */
    public static int[] stageBounds(List<Segment> segments) {
        List<Integer> bounds = new ArrayList<>();
        bounds.add(0);
        for (int s = 1; s <= segments.size(); s++) {
            if (s == segments.size() || segments.get(s).head().exchanges()) {
                bounds.add(s);
            }
        }
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The step index of the first stateless step. */
    public int statelessIndex() {
        return head == null ? firstIndex : firstIndex + 1;
    }

    /** The number of capture steps in this segment. */
    public int captureCount() {
        return (int) stateless.stream().filter(Step.Capture.class::isInstance).count();
    }
}
