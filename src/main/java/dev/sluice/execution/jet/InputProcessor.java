package dev.sluice.execution.jet;

import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.jet.SnapshotKeys.InputKey;
import dev.sluice.execution.jet.SnapshotKeys.InputPosition;
import dev.sluice.execution.log.LogInputFn;
import dev.sluice.execution.log.LogPosition;
import dev.sluice.execution.log.LogProgress;
import dev.sluice.execution.log.LogShare;
import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.failure.Throwables;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One worker's input, and the steps fused behind it up to the first exchange. Builds the input on
 * its member with {@code inputBuilder.build(workerIndex, workerCount)} and pushes it through the
 * chain. When the input moves from epoch {@code e} to {@code e' > e} (and at its first epoch), every
 * epoch below {@code e'} is complete for this worker: its own keyed operators advance, and a
 * {@code Watermark(e')} goes downstream, where Jet coalesces the watermarks of every worker. At its
 * end the input sends {@link #END_OF_INPUT}.
 *
 * <h2>Snapshots</h2>
 * In a job with a processing guarantee the input must be a {@link LogInputFn}, which can be read
 * again from any item: each worker saves its position in the log (a broadcast entry, since after a
 * restart every worker needs everyone's: workers read at their own pace and the count may change), and
 * a restored worker skips what any worker had done ({@link LogProgress}). After its end the input
 * waits until a snapshot taken after it has been committed before it completes: that snapshot covers
 * every output of the job, and once an input has completed it is in no snapshot any more.
 *
 * <h2>Retention</h2>
 * A log input learns where each worker stands for good ({@link LogInputFn#passed}), so that it can
 * drop what every worker has passed: with a guarantee, the position a worker saved in a snapshot,
 * once that snapshot has committed; without one, the position it has read to, at most every
 * {@value #PASSED_EVERY_MILLIS} ms. A run that starts afresh reads from the log's first kept item.
 *
 * <h2>Threads</h2>
 * An input may block (a socket, a queue), which must not stall Jet's shared threads, so the processor
 * is not cooperative and takes a thread of its own, unless the input is a {@link LogInputFn} whose
 * reader never blocks ({@link LogInputFn#cooperative()}): then it runs on Jet's shared threads, and
 * a log nobody feeds costs no thread (its reader's markers hand control back at once).
 */
final class InputProcessor extends StepsProcessor {

    /** How many input items one call takes at most, so that Jet regains control now and then. */
    private static final int MAX_ITEMS_PER_CALL = 4096;

    /** How long one call reads input at most, so that a slow input does not keep Jet from cancelling. */
    private static final long MAX_NANOS_PER_CALL = 10_000_000;

    /** The same on Jet's shared threads, which every other cooperative worker of the member waits for. */
    private static final long MAX_NANOS_PER_COOPERATIVE_CALL = 1_000_000;

    private final InputBuilderFn<Object> inputBuilder;
    private Iterator<? extends EpochItem<?>> input;
    private long epoch = -1;
    /** The pairs taken from the input, progress markers included (read by the metrics from other threads). */
    private long count;

    /** A log input's share of this worker, to save its position; null for other inputs. */
    private volatile LogShare<Object> share;
    /** What earlier runs had done: none on a fresh start, else what the restored snapshot says. */
    private LogProgress done = LogProgress.NONE;

    private final List<InputPosition> restoredPositions = new ArrayList<>();

    /** How often, at most, a worker without snapshots tells the log how far it has read. */
    static final long PASSED_EVERY_MILLIS = 200;

    /** This run (Jet's execution), for the positions reported to a log input. */
    private long run;
    /** The position saved in the snapshot in progress, reported once it has committed; -1: none. */
    private long savedPosition = -1;
    /** The last position reported without snapshots, and when. */
    private long reportedPosition = -1;

    private long reportedAt;

    private volatile boolean ended;
    private boolean savedAfterEnd;
    private boolean committedAfterEnd;

    InputProcessor(VertexPlan plan, Workers workers, InputBuilderFn<Object> inputBuilder) {
        this(plan, workers, inputBuilder, null);
    }

    /**
     * @param fusedOutput the flow's output, called by this vertex's capture steps, or {@code null} when
     *     they send to the {@code output} vertex (see {@link StepsProcessor})
     */
    InputProcessor(VertexPlan plan, Workers workers, InputBuilderFn<Object> inputBuilder, OutputBuilderFn fusedOutput) {
        super(plan, workers, fusedOutput);
        this.inputBuilder = inputBuilder;
    }

    @Override
    public boolean isCooperative() {
        return inputBuilder instanceof LogInputFn<?> log && log.cooperative() && !fusesOutput();
    }

    @Override
    public void init(Outbox outbox, Context context) {
        super.init(outbox, context);
        run = context.executionId();
        reportedAt = System.nanoTime() - PASSED_EVERY_MILLIS * 1_000_000;
        if (metrics != null) {
            int workerCount = workers.workerCount();
            metrics.trackInput(() -> {
                LogShare<Object> log = share;
                if (log == null) {
                    return new InputProgress(workerIndex, workerCount, count, count, ended);
                }
                long position = log.position();
                return new InputProgress(
                        workerIndex,
                        workerCount,
                        position,
                        InputProgress.shareBelow(position, workerIndex, workerCount),
                        ended);
            });
        }
    }

    /** Reads input until the call's share is done; once all of it is in (and committed), the output closes. */
    @Override
    public boolean complete() {
        if (!read()) {
            return false;
        }
        closeOutput();
        return true;
    }

    private boolean read() {
        long offersBefore = offers();
        if (!drain()) {
            return false;
        }
        if (ended) {
            reportRead();
            return !snapshotting() || committedAfterEnd;
        }
        if (input == null) {
            input = openInput();
        }
        reportRead();
        long deadline = System.nanoTime() + (isCooperative() ? MAX_NANOS_PER_COOPERATIVE_CALL : MAX_NANOS_PER_CALL);
        for (int n = 0; n < MAX_ITEMS_PER_CALL; n++) {
            if (!input.hasNext()) {
                end();
                return drained() && !snapshotting();
            }
            EpochItem<?> epochItem = input.next();
            if (epochItem == null) {
                throw new NullPointerException("input pair " + count + " of worker " + workerIndex
                        + " is null; give EpochItem.of(epoch, item)");
            }
            count++;
            long itemEpoch = epochItem.epoch();
            if (itemEpoch != epoch) {
                if (itemEpoch < epoch) {
                    throw new EpochOrderException(epoch, itemEpoch);
                }
                epoch = itemEpoch;
                advance(new Watermark(itemEpoch));
            }
            if (epochItem.isAdvance()) {
                // A progress marker is also how a waiting input hands control back, so that Jet can
                // cancel the job: it does not interrupt a blocked input.
                if (offers() == offersBefore && n > 0) {
                    signalProgress();
                }
                return false;
            }
            chain().countInput();
            head.accept(itemEpoch, epochItem.item());
            if (!drained()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        // a call whose items the steps all filtered out still made progress (Jet parks one that offers nothing)
        if (offers() == offersBefore) {
            signalProgress();
        }
        return false;
    }

    /** The input has ended: every epoch is complete, here and, once every input has ended, downstream. */
    private void end() {
        ended = true;
        advance(new Watermark(END_OF_INPUT));
    }

    @SuppressWarnings("unchecked")
    private Iterator<? extends EpochItem<?>> openInput() {
        int workerCount = workers.workerCount();
        try {
            if (inputBuilder instanceof LogInputFn<?> log) {
                long start = Math.max(done.start(), log.firstKept());
                Iterator<EpochItem<Object>> items = start == Long.MAX_VALUE
                        ? List.<EpochItem<Object>>of().iterator() // every worker had read it all
                        : ((LogInputFn<Object>) log).read(start);
                share = new LogShare<>(items, start, workerIndex, workerCount, done);
                return share;
            }
            if (snapshotting()) {
                throw new IllegalStateException(
                        "the input builder " + inputBuilder.getClass().getName()
                                + " cannot be read again after a restart, so this job cannot keep a processing guarantee;"
                                + " give a LogInputFn, or run the job with ProcessingGuarantee.NONE");
            }
            Iterable<? extends EpochItem<?>> iterable = inputBuilder.build(workerIndex, workerCount);
            if (iterable == null) {
                throw new NullPointerException("the input builder returned null for worker " + workerIndex
                        + "; return an empty list for a worker with no input");
            }
            return iterable.iterator();
        } catch (Exception e) {
            throw Throwables.sneaky(e);
        }
    }

    /**
     * What the run the snapshot came from had done: one layer with every worker's position (a worker
     * that saved none had completed, so had read everything) and what earlier runs had done.
     */
    private LogProgress restoredProgress() {
        if (restoredPositions.isEmpty()) {
            return new LogProgress(List.of(new LogProgress.Layer(1, new long[] {Long.MAX_VALUE})));
        }
        int workerCount = restoredPositions.get(0).workerCount();
        long[] positions = new long[workerCount];
        Arrays.fill(positions, Long.MAX_VALUE);
        List<LogProgress> older = new ArrayList<>();
        for (InputPosition position : restoredPositions) {
            if (position.workerCount() != workerCount) {
                throw new IllegalStateException("the snapshot holds input positions of " + workerCount + " and of "
                        + position.workerCount() + " workers");
            }
            positions[position.worker()] = position.position();
            older.add(position.older());
        }
        return LogProgress.union(older).with(new LogProgress.Layer(workerCount, positions));
    }

    /** The keyed operators' state, and for a log input this worker's position in the log. */
    @Override
    List<Map.Entry<Object, Object>> snapshotEntries() {
        List<Map.Entry<Object, Object>> entries = super.snapshotEntries();
        if (inputBuilder instanceof LogInputFn<?>) {
            long position = ended ? Long.MAX_VALUE : share != null ? share.position() : done.start();
            savedPosition = position;
            entries.add(new SimpleImmutableEntry<>(
                    BroadcastKey.broadcastKey(new InputKey(workerIndex)),
                    new InputPosition(workers.workerCount(), workerIndex, position, done.beyond(position))));
        }
        return entries;
    }

    @Override
    public boolean saveToSnapshot() {
        if (!super.saveToSnapshot()) {
            return false;
        }
        if (ended) {
            savedAfterEnd = true;
        }
        return true;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (success && savedAfterEnd) {
            committedAfterEnd = true;
        }
        if (success && savedPosition >= 0 && inputBuilder instanceof LogInputFn<?> log) {
            log.passed(new LogPosition(run, workerIndex, workers.workerCount(), savedPosition));
        }
        savedPosition = -1;
        return true;
    }

    /** Without snapshots: tells a log input how far this worker has read, now and then. */
    private void reportRead() {
        if (snapshotting() || !(inputBuilder instanceof LogInputFn<?> log) || (share == null && !ended)) {
            return;
        }
        long position = ended ? Long.MAX_VALUE : share.position();
        long now = System.nanoTime();
        if (position != reportedPosition && (now - reportedAt >= PASSED_EVERY_MILLIS * 1_000_000 || ended)) {
            log.passed(new LogPosition(run, workerIndex, workers.workerCount(), position));
            reportedPosition = position;
            reportedAt = now;
        }
    }

    @Override
    void restore(Object key, Object value) {
        if (key instanceof BroadcastKey<?> broadcast && broadcast.key() instanceof InputKey) {
            restoredPositions.add((InputPosition) value);
        } else {
            super.restore(key, value);
        }
    }

    @Override
    public boolean finishSnapshotRestore() {
        done = restoredProgress();
        return true;
    }
}
