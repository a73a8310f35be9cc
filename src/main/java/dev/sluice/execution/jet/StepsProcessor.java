package dev.sluice.execution.jet;

import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.NotKeyValueException;
import dev.sluice.dataflow.Step;
import dev.sluice.operators.Downstream;
import dev.sluice.operators.KeyedOperator;
import dev.sluice.operators.Segment;
import dev.sluice.operators.StatelessStages;
import dev.sluice.operators.StepErrors;
import java.util.ArrayList;
import java.util.List;

/**
 * One worker's share of a vertex: the operator logic of its segments, fused into one chain, driven
 * by Jet. Items from the inbox ({@link EpochItem}s) go into the chain; a watermark {@code w} advances
 * the keyed operators to {@code w}, in flow order, and then goes on; the end of input finishes them.
 *
 * <p>What the chain emits goes to the outbox at once, or, when the outbox refuses, to a
 * {@link Pending} buffer that is drained, in order, before any more input is taken. Nothing is
 * dropped and nothing blocks.
 */
class StepsProcessor implements Processor {

    private static final Downstream DISCARD = (epoch, item) -> {};
    private static final int[] NO_ORDINALS = {};
    private static final Object PROGRESS = new Object();

    private final VertexPlan plan;
    protected final Workers workers;
    protected int workerIndex;
    protected Downstream head;
    private Outbox outbox;
    private KeyedOperator[] keyedOperators;
    private int dataOrdinal;
    private boolean finished;
    private long offers;
    private final Pending pending = new Pending();

    StepsProcessor(VertexPlan plan, Workers workers) {
        this.plan = plan;
        this.workers = workers;
    }

    @Override
    public void init(Outbox outbox, Context context) {
        this.outbox = outbox;
        this.workerIndex = workers.index(context.localProcessorIndex());
        List<Segment> segments = plan.segments();
        Segment next = plan.next();
        dataOrdinal = next == null ? -1 : 0;
        int captureOrdinal = (next == null ? 0 : 1) + plan.captureCount();
        Downstream downstream = next == null ? DISCARD : exchangeTo(next);
        List<KeyedOperator> keyed = new ArrayList<>();
        for (int s = segments.size() - 1; s >= 0; s--) {
            Segment segment = segments.get(s);
            List<Step> stateless = segment.stateless();
            // Each capture step gets an ordinal of its own, so the output knows which step captured.
            int end = stateless.size();
            for (int i = end - 1; i >= 0; i--) {
                if (stateless.get(i) instanceof Step.Capture) {
                    int ordinal = --captureOrdinal;
                    downstream = StatelessStages.chain(stateless.subList(i, end), segment.statelessIndex() + i,
                            downstream, (epoch, item) -> emit(ordinal, new EpochItem<>(epoch, item)));
                    end = i;
                }
            }
            downstream = StatelessStages.chain(stateless.subList(0, end), segment.statelessIndex(), downstream, null);
            if (segment.head() != null) {
                KeyedOperator operator = KeyedOperator.of(segment.head(), segment.firstIndex(), downstream);
                keyed.add(0, operator);
                downstream = operator;
            }
        }
        head = downstream;
        keyedOperators = keyed.toArray(KeyedOperator[]::new);
    }

    /** Sends items to the next vertex, checking that they are key/value pairs as its keyed head needs. */
    private Downstream exchangeTo(Segment next) {
        int stepIndex = next.firstIndex();
        String operator = next.head().operator();
        return (epoch, item) -> {
            if (!(item instanceof KeyValue)) {
                throw StepErrors.attach(new NotKeyValueException(stepIndex, operator, item), stepIndex, operator);
            }
            emit(0, new EpochItem<>(epoch, item));
        };
    }

    @Override
    public void process(int ordinal, Inbox inbox) {
        if (!drain()) {
            return;
        }
        for (Object item; (item = inbox.poll()) != null; ) {
            EpochItem<?> epochItem = (EpochItem<?>) item;
            head.accept(epochItem.epoch(), epochItem.item());
            if (!pending.isEmpty()) {
                return;
            }
        }
    }

    /**
     * Jet calls this when the inbox is empty: what the outbox refused before (say, the results a
     * watermark completed) goes on now, rather than wait for more input, which may never come.
     */
    @Override
    public boolean tryProcess() {
        return drain();
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        if (!drain()) {
            return false;
        }
        advance(watermark);
        return true;
    }

    @Override
    public boolean complete() {
        if (!drain()) {
            return false;
        }
        if (!finished) {
            finished = true;
            for (KeyedOperator operator : keyedOperators) {
                operator.finish();
            }
        }
        return drain();
    }

    /**
     * Every epoch below the watermark's is complete: advances the keyed operators in flow order (what
     * one emits reaches the next first), then sends the watermark on behind their output.
     */
    final void advance(Watermark watermark) {
        long frontier = watermark.timestamp();
        for (KeyedOperator operator : keyedOperators) {
            operator.advanceTo(frontier);
        }
        if (dataOrdinal >= 0) {
            emit(dataOrdinal, watermark);
        }
    }

    /** Offers an item to the outbox, or buffers it behind what is already waiting. */
    final void emit(int ordinal, Object item) {
        if (pending.isEmpty() && offer(ordinal, item)) {
            return;
        }
        pending.add(ordinal, item);
    }

    /** Offers what is waiting, in order; whether it all went. */
    final boolean drain() {
        while (!pending.isEmpty()) {
            if (!offer(pending.peekOrdinal(), pending.peekItem())) {
                return false;
            }
            pending.remove();
        }
        return true;
    }

    private boolean offer(int ordinal, Object item) {
        offers++;
        return outbox.offer(ordinal, item);
    }

    /** How many offers this processor has made to the outbox, taken or not. */
    final long offers() {
        return offers;
    }

    /**
     * Tells Jet that a call made progress though it offered nothing (its input was all filtered out).
     * Jet sees progress only in what the outbox takes, and parks a non-cooperative processor without
     * progress for up to milliseconds; an offer to no ordinal counts as progress and goes nowhere.
     * Only valid in a call that has made no other offer, so that the outbox takes it.
     */
    final void signalProgress() {
        outbox.offer(NO_ORDINALS, PROGRESS);
    }

    /** Whether everything emitted so far has gone to the outbox. */
    final boolean drained() {
        return pending.isEmpty();
    }
}
