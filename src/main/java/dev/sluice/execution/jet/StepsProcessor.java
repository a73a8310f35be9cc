package dev.sluice.execution.jet;

import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.jet.SnapshotKeys.StateKey;
import dev.sluice.execution.metrics.StepMetrics;
import dev.sluice.execution.worker.Exchange;
import dev.sluice.execution.worker.Segment;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.operators.CaptureSink;
import dev.sluice.operators.Downstream;
import dev.sluice.operators.KeySnapshot;
import java.util.List;
import java.util.Map;

/**
 * One worker's share of a vertex: the operator logic of its segments, fused into one
 * {@link WorkerChain}, driven by Jet. Items from the inbox ({@link EpochItem}s) go into the chain; a
 * watermark {@code w} advances the chain's frontier to {@code w} (its keyed operators advance, in flow
 * order) and then goes on; the end of input finishes them. The outbox ordinals are those of
 * {@link VertexPlan}: what goes on to the next vertex on {@code 0}, each capture step on its own.
 *
 * <p>An item whose epoch is below the last watermark (late: only a source with idle partitions sends
 * such, see {@link SourceInputFn}) goes into the lowest open epoch, the watermark's, so that no
 * completed epoch is emitted twice.
 *
 * <p>What the chain emits goes to the outbox at once, or, when the outbox refuses, to a
 * {@link Pending} buffer that is drained, in order, before any more input is taken. Nothing is
 * dropped and nothing blocks.
 *
 * <h2>Snapshots</h2>
 * In a job with a processing guarantee, Jet asks for a snapshot now and then: what is pending goes
 * out first (it belongs before the snapshot barrier), then every keyed operator's state, one entry per
 * key ({@link KeySnapshot}) under a {@link StateKey} that brings it back, on a restart, to the worker
 * the exchange now sends that key to ({@link KeyedStateSnapshot}). Epoch progress is not saved: after
 * a restart it comes back with the inputs' watermarks, and until then every value waits for its epoch.
 *
 * <h2>Counting</h2>
 * When the plan has a {@link VertexPlan#tag tag}, the chain is registered in the member's
 * {@link MemberMetrics} from {@link #init} to {@link #close}: each step of the vertex counts on its own.
 *
 * <h2>Output in the vertex</h2>
 * When every capture step of the flow is in this vertex and the worker's output is a plain
 * {@link OutputFn} ({@link JetDataflow#fusesOutput}), the vertex builds that output itself
 * ({@link WorkerOutput}), once per worker, and its capture steps call it directly: there is no
 * {@code output} vertex, so no queue between the steps and the output and no {@link EpochItem} per
 * captured pair on an edge. An output may block, so such a processor is not cooperative. The output
 * closes (and flushes) when the worker completes, and on a failure or cancel.
 *
 * <h2>End of input</h2>
 * The watermark {@link #END_OF_INPUT} means every epoch is complete: the keyed operators finish, as
 * at the end of a light job. Inputs send it in band, so that a job with snapshots can take one more
 * snapshot after the end, which commits the last output, before its inputs complete.
 */
class StepsProcessor implements Processor {

    /**
     * The watermark that ends the input: above every epoch ({@link EpochItem#MAX_EPOCH}) and below
     * Jet's idle message, {@code Long.MAX_VALUE}.
     */
    static final long END_OF_INPUT = Long.MAX_VALUE - 1;

    private static final Downstream DISCARD = (epoch, item) -> {};
    private static final int[] NO_ORDINALS = {};
    private static final Object PROGRESS = new Object();

    private final VertexPlan plan;
    /** The output this vertex calls itself for its capture steps; {@code null}: they go to the output vertex. */
    private final OutputBuilderFn fusedOutput;

    /** The output built from {@link #fusedOutput} (after {@link #init}); {@code null} when there is none. */
    private WorkerOutput output;

    protected final Workers workers;
    protected int workerIndex;
    protected Downstream head;
    private Outbox outbox;
    private Context context;
    private WorkerChain chain;
    /** Where the chain is counted, when the plan has a tag; closed with the processor. */
    protected StepMetrics.Registration metrics;

    private SnapshotWriter snapshotWriter;
    private KeyedStateSnapshot keyedState;
    private int dataOrdinal;
    private long offers;
    private final Pending pending = new Pending();
    /** The last watermark passed on: every epoch below it is complete here. */
    private long frontier = Long.MIN_VALUE;

    StepsProcessor(VertexPlan plan, Workers workers) {
        this(plan, workers, null);
    }

    /**
     * @param fusedOutput the output of the flow, called by this vertex's capture steps, or {@code null}
     *     when they send to the {@code output} vertex
     */
    StepsProcessor(VertexPlan plan, Workers workers, OutputBuilderFn fusedOutput) {
        this.plan = plan;
        this.workers = workers;
        this.fusedOutput = fusedOutput;
    }

    /** A processor that calls the output itself may block in it, so it takes a thread of its own. */
    @Override
    public boolean isCooperative() {
        return fusedOutput == null;
    }

    /** Whether this vertex calls the output itself. */
    final boolean fusesOutput() {
        return fusedOutput != null;
    }

    @Override
    public void init(Outbox outbox, Context context) {
        this.outbox = outbox;
        this.context = context;
        this.workerIndex = workers.index(context.localProcessorIndex());
        Segment next = plan.next();
        dataOrdinal = next == null ? -1 : 0;
        int firstCaptureOrdinal = next == null ? 0 : 1;
        if (fusedOutput != null) {
            output = WorkerOutput.build(fusedOutput, workerIndex, workers.workerCount(), -1);
        }
        chain = WorkerChain.of(
                plan.segments(),
                next == null ? DISCARD : exchangeTo(next),
                capture -> fusedOutput != null ? output.sink() : captureTo(firstCaptureOrdinal + capture));
        head = chain.head();
        if (fusedOutput != null) {
            output.closesFor(chain);
        }
        keyedState = new KeyedStateSnapshot(chain, context);
        if (plan.tag() != null && context.hazelcastInstance() != null) {
            metrics = MemberMetrics.of(context.hazelcastInstance()).register(plan.tag(), chain);
        }
    }

    /**
     * The worker stops (done, failed, cancelled or restarting): its counts are kept, its chain let go,
     * and an output it calls itself is closed, so that nothing it holds leaks.
     */
    @Override
    public void close() throws Exception {
        if (metrics != null) {
            metrics.close();
        }
        if (output != null) {
            output.closeEnding();
        }
    }

    /** Closes (flushes) the output this vertex calls; a failure belongs to the capture step. */
    final void closeOutput() {
        if (output != null) {
            output.close();
        }
    }

    /** This worker's operators for the vertex's segments (after {@link #init}): one stage per step. */
    final WorkerChain chain() {
        return chain;
    }

    /** Sends what a capture step captures to the output vertex, on the capture's own ordinal. */
    private CaptureSink captureTo(int ordinal) {
        return (epoch, item) -> emit(ordinal, new EpochItem<>(epoch, item));
    }

    /** Sends items to the next vertex, checking that they are key/value pairs as its keyed head needs. */
    private Downstream exchangeTo(Segment next) {
        Exchange exchange = Exchange.before(next);
        return (epoch, item) -> emit(0, new EpochItem<>(epoch, exchange.pair(item)));
    }

    @Override
    public void process(int ordinal, Inbox inbox) {
        if (!drain()) {
            return;
        }
        for (Object item; (item = inbox.poll()) != null; ) {
            EpochItem<?> epochItem = (EpochItem<?>) item;
            chain.countInput();
            // a late item (a source's idle partition woke up) goes into the lowest open epoch
            head.accept(Math.max(epochItem.epoch(), frontier), epochItem.item());
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
        chain.finish();
        if (!drain()) {
            return false;
        }
        closeOutput();
        return true;
    }

    /**
     * Every epoch below the watermark's is complete: advances the keyed operators in flow order (what
     * one emits reaches the next first), then sends the watermark on behind their output.
     * {@link #END_OF_INPUT} finishes them.
     */
    final void advance(Watermark watermark) {
        long to = watermark.timestamp();
        if (to >= END_OF_INPUT) {
            chain.finish();
        } else {
            chain.advanceTo(to);
        }
        frontier = Math.max(frontier, to);
        if (dataOrdinal >= 0) {
            emit(dataOrdinal, watermark);
        }
    }

    /** The last watermark passed on ({@code Long.MIN_VALUE} before the first). */
    final long frontier() {
        return frontier;
    }

    /**
     * Raises the frontier below which an item counts as late, without advancing the operators: after a
     * restart, to where the frontier was when the snapshot was taken.
     */
    final void raiseFrontier(long floor) {
        frontier = Math.max(frontier, floor);
    }

    /** Whether the job takes snapshots (a light job never does). */
    final boolean snapshotting() {
        return context.processingGuarantee() != ProcessingGuarantee.NONE;
    }

    @Override
    public boolean saveToSnapshot() {
        if (!drain()) {
            return false;
        }
        if (snapshotWriter == null) {
            snapshotWriter = new SnapshotWriter(snapshotEntries().iterator());
        }
        if (!snapshotWriter.offerTo(outbox)) {
            return false;
        }
        snapshotWriter = null;
        return true;
    }

    /** What this worker saves in a snapshot: each keyed operator's state, per key. */
    List<Map.Entry<Object, Object>> snapshotEntries() {
        return keyedState.entries();
    }

    @Override
    public void restoreFromSnapshot(Inbox inbox) {
        for (Object item; (item = inbox.poll()) != null; ) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
            restore(entry.getKey(), entry.getValue());
        }
    }

    /** Takes back one snapshot entry. */
    void restore(Object key, Object value) {
        if (key instanceof StateKey stateKey) {
            keyedState.restore(stateKey, (KeySnapshot) value);
        } else {
            throw new IllegalStateException("unexpected snapshot entry " + key + " in a vertex of steps");
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
