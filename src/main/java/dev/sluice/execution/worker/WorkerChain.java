package dev.sluice.execution.worker;

import dev.sluice.dataflow.Step;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.execution.progress.Frontier;
import dev.sluice.execution.progress.Probe;
import dev.sluice.operators.CaptureSink;
import dev.sluice.operators.Downstream;
import dev.sluice.operators.KeyedOperator;
import dev.sluice.operators.Stage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One worker's operators for consecutive segments of a flow, wired once for every driver: the keyed
 * operator at the head of each segment, the fused stateless steps after it, and the captures, each
 * with a sink of its own; and the worker's {@link Frontier}, which this chain alone moves. The local
 * driver builds one chain for the whole flow; the Jet driver one per worker and vertex, for the
 * segments that vertex fuses.
 *
 * <pre>{@code
 * WorkerChain chain = WorkerChain.of(flow.steps(), (epoch, item) -> output.add(item));
 * chain.head().accept(0, "to be or not to be");
 * chain.advanceTo(1);     // epoch 0 is complete: reduce_epoch emits it, the capture gets it
 * chain.finish();         // the input has ended: everything still held is emitted
 * }</pre>
 *
 * <h2>Progress</h2>
 * The chain's frontier is its input's: {@link #advanceTo} moves it and then advances the keyed
 * operators in flow order, so that what one emits as its epochs complete reaches the next before that
 * one advances too; {@link #finish} empties it and finishes them in the same order. Between calls it
 * is also the frontier of every keyed step the chain runs.
 *
 * <h2>Counting</h2>
 * Each step is one {@link Stage} ({@link #stages()}, in step order, fused steps each on their own).
 * A driver calls {@link #countInput()} for each item it gives {@link #head()}; the steps that may emit
 * other than one item per item count what they emit ({@link Stage#countsOut()}); and
 * {@link #counts()} works out every step's items in and out from those, from any thread: figures at
 * most a few items old while the worker runs, exact once it has stopped.
 *
 * <p>Not thread-safe: one chain is one worker's, driven by one thread at a time.
 */
public final class WorkerChain {

    private static final Downstream DISCARD = (epoch, item) -> {};

    private final Downstream head;
    private final List<Stage> stages;
    /** The items given to the head: counted by the driver ({@link #countInput()}). */
    private long input;

    private final KeyedOperator[] keyedOperators;
    private final int captureCount;
    private final Frontier frontier = new Frontier();

    private WorkerChain(Downstream head, List<Stage> stages, int captureCount) {
        this.head = head;
        this.stages = Collections.unmodifiableList(stages);
        this.keyedOperators = stages.stream()
                .filter(KeyedOperator.class::isInstance)
                .map(KeyedOperator.class::cast)
                .toArray(KeyedOperator[]::new);
        this.captureCount = captureCount;
    }

    /**
     * A whole flow as one worker runs it alone: every capture step sends to {@code capture}, and what
     * the last step emits is dropped.
     */
    public static WorkerChain of(List<Step> steps, CaptureSink capture) {
        Objects.requireNonNull(capture, "capture must not be null");
        return of(Segment.of(steps), DISCARD, c -> capture);
    }

    /**
     * Consecutive segments of a flow as one worker runs them.
     *
     * @param segments the segments, in flow order
     * @param end where the last step sends what it emits (the next segment's exchange, say)
     * @param captures the sink of each capture step, by its place among the capture steps of these
     *        segments ({@code 0} for the first in step order): a Jet outbox ordinal, say
     */
    public static WorkerChain of(List<Segment> segments, Downstream end, IntFunction<CaptureSink> captures) {
        Objects.requireNonNull(end, "end must not be null");
        Objects.requireNonNull(captures, "captures must not be null");
        int captureCount = segments.stream().mapToInt(Segment::captureCount).sum();
        int capture = captureCount;
        List<Stage> stages = new ArrayList<>();
        Downstream next = end;
        for (int s = segments.size() - 1; s >= 0; s--) {
            Segment segment = segments.get(s);
            List<Step> stateless = segment.stateless();
            for (int i = stateless.size() - 1; i >= 0; i--) {
                Step step = stateless.get(i);
                CaptureSink sink = step instanceof Step.Capture ? captures.apply(--capture) : null;
                next = add(stages, Stage.of(step, segment.statelessIndex() + i, next, sink));
            }
            if (segment.head() != null) {
                next = add(stages, Stage.of(segment.head(), segment.firstIndex(), next, null));
            }
        }
        Collections.reverse(stages);
        return new WorkerChain(next, stages, captureCount);
    }

    private static Stage add(List<Stage> stages, Stage stage) {
        stages.add(stage);
        return stage;
    }

    /**
     * Where the chain's input goes: the first stage, or the end when there is no step. Call
     * {@link #countInput()} for each item given to it.
     */
    public Downstream head() {
        return head;
    }

    /** One more item is given to the {@link #head()}: what the first step's count starts from. */
    public void countInput() {
        input++;
    }

    /** One stage per step, in step order. */
    public List<Stage> stages() {
        return stages;
    }

    /**
     * What each step has done on this worker, in step order: items in and out, and for a keyed step the
     * keys it holds and the chain's frontier (which is every keyed step's between calls). Safe to call
     * from another thread while the worker runs (plain reads: a figure may be a few items old).
     */
    public List<StepCount> counts() {
        List<StepCount> counts = new ArrayList<>(stages.size());
        long lowestOpenEpoch = frontier.lowestOpenEpoch();
        long in = input;
        for (Stage stage : stages) {
            long out = stage.countsOut() ? stage.itemsOut() : in;
            if (stage instanceof KeyedOperator keyed) {
                counts.add(new StepCount(
                        stage.stepIndex(), stage.operator(), true, in, out, keyed.keyCount(), lowestOpenEpoch));
            } else {
                counts.add(new StepCount(stage.stepIndex(), stage.operator(), false, in, out, 0, StepCount.UNKNOWN));
            }
            in = out;
        }
        return counts;
    }

    /** The keyed operator of step {@code stepIndex}, or {@code null} when the chain runs no such step. */
    public KeyedOperator keyedOperator(int stepIndex) {
        for (KeyedOperator operator : keyedOperators) {
            if (operator.stepIndex() == stepIndex) {
                return operator;
            }
        }
        return null;
    }

    /** The keyed operators, in flow order. */
    public List<KeyedOperator> keyedOperators() {
        return List.of(keyedOperators);
    }

    /** The chain's frontier: the lowest epoch that may still come in, empty once finished. */
    public Probe frontier() {
        return frontier;
    }

    /**
     * Every epoch below {@code epoch} is complete for this chain's input: the keyed operators advance
     * in flow order, emitting what that completes. A lower or equal epoch, or any after
     * {@link #finish}, changes nothing.
     */
    public void advanceTo(long epoch) {
        if (frontier.advanceTo(epoch)) {
            for (KeyedOperator operator : keyedOperators) {
                operator.advanceTo(epoch);
            }
        }
    }

    /** The input has ended: every epoch is complete, and the keyed operators emit what they hold, once. */
    public void finish() {
        if (frontier.close()) {
            for (KeyedOperator operator : keyedOperators) {
                operator.finish();
            }
        }
    }

    /** The number of capture steps, each with its own sink. */
    public int captureCount() {
        return captureCount;
    }
}
