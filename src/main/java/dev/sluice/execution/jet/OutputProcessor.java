package dev.sluice.execution.jet;

import com.hazelcast.jet.RestartableException;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.jet.SnapshotKeys.SequenceKey;
import dev.sluice.execution.jet.SnapshotKeys.StageKey;
import dev.sluice.execution.log.CommitLogFn;
import dev.sluice.operators.StepErrors;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One worker's output: every vertex sends what its capture steps saw on this worker here (inbound
 * ordinal {@code k} comes from the flow's {@code k}-th capture step), and it goes to the
 * {@link OutputFn} that {@code outputBuilder.build(workerIndex, workerCount)} made, once, on this
 * member. A failure of the output is attributed to the capture step, as in the local driver.
 *
 * <h2>Commits</h2>
 * In a job with a processing guarantee, an output builder that is a {@link CommitLogFn} gets what
 * this worker captures as commits instead: the pairs since the last snapshot are staged in the next
 * one (saved in it, so a restart from it still has them) and handed to the log when Jet reports that
 * snapshot complete on every member. A restart from a snapshot whose commits may not all have been
 * handed over hands them over again, and the log skips those it has. So a pair is visible once the
 * snapshot that covers it is complete, and never twice. Other outputs get pairs at once, and again
 * after a restart (at least once).
 *
 * <p>Not cooperative, as an output may block (a file, a socket), unless the output is a
 * {@link CommitLogFn} whose commits do not block ({@link CommitLogFn#cooperative()}): then it runs on
 * Jet's shared threads, hands each commit over with {@link CommitLogFn#commitAsync} and answers Jet
 * "not yet" until the commit is in. One commit of a worker is under way at a time.
 */
final class OutputProcessor implements Processor {

    /** Pairs per snapshot entry of a staged commit, so that no entry grows without bound. */
    private static final int STAGE_CHUNK = 1024;

    private final OutputBuilderFn outputBuilder;
    private final int[] captureSteps;
    private final Workers workers;
    private Outbox outbox;
    private int workerIndex;
    private WorkerOutput output;

    private CommitLogFn commitLog;
    private List<EpochItem<Object>> captured = new ArrayList<>();
    private List<EpochItem<Object>> staged;
    private long sequence;
    private SnapshotWriter snapshotWriter;
    /** The commit handed over and not in yet; null when none is under way. */
    private CompletableFuture<Void> committing;
    /** Restored commits still to hand over again, in commit order. */
    private final ArrayDeque<Commit> recommits = new ArrayDeque<>();

    private final TreeMap<StageKey, List<EpochItem<Object>>> restoredStages =
            new TreeMap<>(Comparator.comparingLong(StageKey::sequence)
                    .thenComparingInt(StageKey::writer)
                    .thenComparingInt(StageKey::chunk));

    OutputProcessor(OutputBuilderFn outputBuilder, int[] captureSteps, Workers workers) {
        this.outputBuilder = outputBuilder;
        this.captureSteps = captureSteps;
        this.workers = workers;
    }

    /** One commit of a writer, to hand over. */
    private record Commit(int writer, long sequence, List<EpochItem<Object>> pairs) {}

    @Override
    public boolean isCooperative() {
        return outputBuilder instanceof CommitLogFn log && log.cooperative();
    }

    @Override
    public void init(Outbox outbox, Context context) throws Exception {
        this.outbox = outbox;
        workerIndex = workers.index(context.localProcessorIndex());
        if (outputBuilder instanceof CommitLogFn log && context.processingGuarantee() != ProcessingGuarantee.NONE) {
            commitLog = log;
            return;
        }
        if (isCooperative()) {
            throw new IllegalStateException(
                    "the output " + outputBuilder.getClass().getName()
                            + " only commits (it is cooperative), so it needs a job with a processing guarantee");
        }
        output = WorkerOutput.build(outputBuilder, workerIndex, workers.workerCount(), captureSteps[0]);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(int ordinal, Inbox inbox) {
        if (commitLog != null) {
            for (Object item; (item = inbox.poll()) != null; ) {
                captured.add((EpochItem<Object>) item);
            }
            return;
        }
        for (Object item; (item = inbox.poll()) != null; ) {
            try {
                output.accept((EpochItem<Object>) item);
            } catch (Throwable t) {
                throw StepErrors.attach(t, captureSteps[ordinal], "capture");
            }
        }
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        return true;
    }

    /** Stages what was captured since the last snapshot as this worker's next commit. */
    @Override
    public boolean saveToSnapshot() {
        if (commitLog == null) {
            return true;
        }
        if (snapshotWriter == null) {
            staged = captured;
            captured = new ArrayList<>();
            sequence++;
            List<Map.Entry<Object, Object>> entries = new ArrayList<>();
            entries.add(new SimpleImmutableEntry<>(BroadcastKey.broadcastKey(new SequenceKey(workerIndex)), sequence));
            for (int from = 0, chunk = 0; from < staged.size(); from += STAGE_CHUNK, chunk++) {
                List<EpochItem<Object>> pairs =
                        new ArrayList<>(staged.subList(from, Math.min(staged.size(), from + STAGE_CHUNK)));
                entries.add(new SimpleImmutableEntry<>(new StageKey(sequence, workerIndex, chunk), pairs));
            }
            snapshotWriter = new SnapshotWriter(entries.iterator());
        }
        if (!snapshotWriter.offerTo(outbox)) {
            return false;
        }
        snapshotWriter = null;
        return true;
    }

    /** The snapshot is complete everywhere: the staged commit goes to the log; or, if it failed, waits for the next. */
    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (committing != null) {
            return committed();
        }
        if (commitLog == null || staged == null) {
            return true;
        }
        List<EpochItem<Object>> commit = staged;
        staged = null;
        if (success) {
            startCommit(new Commit(workerIndex, sequence, commit));
            return committed();
        }
        commit.addAll(captured);
        captured = commit;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreFromSnapshot(Inbox inbox) {
        for (Object item; (item = inbox.poll()) != null; ) {
            Map.Entry<?, ?> entry = (Map.Entry<?, ?>) item;
            if (entry.getKey() instanceof BroadcastKey<?> broadcast && broadcast.key() instanceof SequenceKey) {
                sequence = Math.max(sequence, (Long) entry.getValue());
            } else if (entry.getKey() instanceof StageKey stage) {
                restoredStages.put(stage, (List<EpochItem<Object>>) entry.getValue());
            } else {
                throw new IllegalStateException("unexpected snapshot entry " + entry.getKey() + " in an output");
            }
        }
    }

    /**
     * Hands the restored commits to the log again, in commit order, one at a time (Jet calls again
     * until they are all in): those the last run handed over before it stopped are skipped there.
     */
    @Override
    public boolean finishSnapshotRestore() {
        if (commitLog == null) {
            restoredStages.clear();
            return true;
        }
        if (!restoredStages.isEmpty()) {
            List<EpochItem<Object>> pairs = new ArrayList<>();
            StageKey commit = null;
            for (Map.Entry<StageKey, List<EpochItem<Object>>> chunk : restoredStages.entrySet()) {
                StageKey stage = chunk.getKey();
                if (commit != null && (commit.sequence() != stage.sequence() || commit.writer() != stage.writer())) {
                    recommits.add(new Commit(commit.writer(), commit.sequence(), pairs));
                    pairs = new ArrayList<>();
                }
                commit = stage;
                sequence = Math.max(sequence, stage.sequence());
                pairs.addAll(chunk.getValue());
            }
            if (commit != null) {
                recommits.add(new Commit(commit.writer(), commit.sequence(), pairs));
            }
            restoredStages.clear();
        }
        while (committed()) {
            Commit next = recommits.poll();
            if (next == null) {
                return true;
            }
            startCommit(next);
        }
        return false;
    }

    /** Hands a commit to the log; {@link #committed} tells when it is in. */
    private void startCommit(Commit commit) {
        if (commit.pairs().isEmpty()) {
            return;
        }
        try {
            committing = commitLog
                    .commitAsync(commit.writer(), commit.sequence(), commit.pairs())
                    .toCompletableFuture();
        } catch (Throwable t) {
            throw commitFailed(t);
        }
    }

    /** Whether no commit is under way any more; throws when the last one failed. */
    private boolean committed() {
        if (committing == null) {
            return true;
        }
        if (!committing.isDone()) {
            return false;
        }
        CompletableFuture<Void> done = committing;
        committing = null;
        try {
            done.join();
        } catch (CompletionException e) {
            throw commitFailed(e.getCause() != null ? e.getCause() : e);
        } catch (RuntimeException e) {
            throw commitFailed(e);
        }
        return true;
    }

    /** A commit must happen: the restart hands it over again from the snapshot. */
    private RestartableException commitFailed(Throwable t) {
        return new RestartableException("the output of worker " + workerIndex + " could not commit: " + t, t);
    }

    /**
     * All input is in: the output closes (and flushes) before the worker counts as done. With commits,
     * what came after the last snapshot (nothing, when the inputs waited for one after their end) is
     * committed now.
     */
    @Override
    public boolean complete() {
        if (commitLog != null) {
            if (!committed()) {
                return false;
            }
            if (staged != null) {
                return false; // its snapshot is not complete yet: a later commit would make the log skip it
            }
            if (!captured.isEmpty()) {
                startCommit(new Commit(workerIndex, ++sequence, captured));
                captured = new ArrayList<>();
            }
            return committed();
        }
        if (output != null) {
            output.close();
        }
        return true;
    }

    /** A failed or cancelled run closes the output too, so nothing it holds leaks. */
    @Override
    public void close() {
        if (output != null) {
            output.closeEnding();
        }
    }
}
