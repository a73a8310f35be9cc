package dev.sluice.execution.local;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.execution.progress.Probe;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.operators.CaptureSink;
import dev.sluice.operators.Downstream;
import dev.sluice.operators.KeyedOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a dataflow as one worker in the calling thread, item by item: the driver behind
 * {@code Sluice.run}, and a test driver in the manner of Kafka Streams' {@code TopologyTestDriver}.
 *
 * <p>Progress is simple with one worker: the frontier is the epoch of the latest input, since input
 * may not go backwards. Moving to a later epoch completes every earlier one, which is when
 * {@code reduce_epoch} emits; {@link #finish()} completes them all (see
 * {@link dev.sluice.execution.progress}). The flow's operators are one {@link WorkerChain}, as a Jet
 * worker's are.
 *
 * <pre>{@code
 * try (LocalDriver<String> driver = new LocalDriver<>(wordcount)) {
 *     driver.push(0, "to be or not to be");
 *     driver.push(1, "to see");          // epoch 0 completes: its counts are emitted
 *     List<EpochItem<Object>> epoch0 = driver.readOutput();
 *     driver.finish();                   // epoch 1 completes too
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one driver is one worker.
 *
 * @param <I> the flow's input item type
 */
public final class LocalDriver<I> implements AutoCloseable {

    private final Dataflow<I, ?> flow;
    private final WorkerChain chain;
    private final Downstream head;
    private final List<EpochItem<Object>> buffered = new ArrayList<>();

    /** A driver whose captured output is kept for {@link #readOutput()}. */
    public LocalDriver(Dataflow<I, ?> flow) {
        this(flow, null);
    }

    /**
     * A driver that sends captured output to {@code output} as it is captured.
     *
     * @param output receives every captured pair; {@code null} keeps them for {@link #readOutput()}
     * @throws dev.sluice.dataflow.InvalidDataflowException when the flow has no capture step
     */
    public LocalDriver(Dataflow<I, ?> flow, CaptureSink output) {
        this.flow = Objects.requireNonNull(flow, "flow must not be null").validate();
        CaptureSink capture = output != null ? output : (epoch, item) -> buffered.add(new EpochItem<>(epoch, item));
        this.chain = WorkerChain.of(flow.steps(), capture);
        this.head = chain.head();
    }

    /** Feeds one input pair; a progress marker ({@link EpochItem#advanceTo}) only advances the epoch. */
    public void push(EpochItem<? extends I> epochItem) {
        Objects.requireNonNull(epochItem, "input pairs must not be null");
        if (epochItem.isAdvance()) {
            advanceTo(epochItem.epoch());
        } else {
            push(epochItem.epoch(), epochItem.item());
        }
    }

    /**
     * Feeds one input item. An epoch later than the current one completes the earlier epochs first.
     *
     * @throws EpochOrderException when {@code epoch} is below an epoch already given
     * @throws IllegalStateException after {@link #finish()}
     */
    public void push(long epoch, I item) {
        advanceTo(epoch);
        chain.countInput();
        head.accept(epoch, item);
    }

    /**
     * Declares every epoch below {@code epoch} complete, as a watermark does, without an item.
     *
     * @throws EpochOrderException when {@code epoch} is below an epoch already given
     */
    public void advanceTo(long epoch) {
        Probe frontier = chain.frontier();
        if (epoch == frontier.lowestOpenEpoch() && !frontier.done()) {
            return; // the usual case, checked first: another item of the current epoch
        }
        if (frontier.done()) {
            throw new IllegalStateException("the driver has finished: no more input can be given");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs are non-negative, got " + epoch);
        }
        if (!frontier.lessEqual(epoch)) {
            throw new EpochOrderException(frontier.lowestOpenEpoch(), epoch);
        }
        chain.advanceTo(epoch);
    }

    /** Ends the input: every epoch completes, and everything still held is emitted. Idempotent. */
    public void finish() {
        chain.finish();
    }

    /** Takes the pairs captured since the last call (only when no output was given). */
    public List<EpochItem<Object>> readOutput() {
        List<EpochItem<Object>> out = List.copyOf(buffered);
        buffered.clear();
        return out;
    }

    /** The lowest epoch that may still arrive; {@link Long#MAX_VALUE} once finished. */
    public long frontier() {
        return chain.frontier().lowestOpenEpoch();
    }

    /** Which epochs are complete: the driver's frontier, as {@code lessThan}, {@code lessEqual}, {@code done}. */
    public Probe probe() {
        return chain.frontier();
    }

    /**
     * The number of keys a keyed step holds state for: a way for tests to see that state is
     * forgotten when it should be.
     *
     * @param stepIndex the index of a keyed step in the flow
     */
    public int keyCount(int stepIndex) {
        KeyedOperator operator = chain.keyedOperator(stepIndex);
        if (operator == null) {
            throw new IllegalArgumentException("step " + stepIndex + " is not a keyed step of " + flow);
        }
        return operator.keyCount();
    }

    /**
     * What each step has done so far, in step order: items in and out, and for keyed steps the keys
     * held and the frontier (see {@link WorkerChain#counts()}).
     */
    public List<StepCount> counts() {
        return chain.counts();
    }

    /** Same as {@link #finish()}. */
    @Override
    public void close() {
        finish();
    }
}
