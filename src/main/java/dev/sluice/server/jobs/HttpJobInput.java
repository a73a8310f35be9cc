package dev.sluice.server.jobs;

import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.log.LogInputFn;
import dev.sluice.execution.log.LogPosition;
import dev.sluice.failure.Throwables;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;

/**
 * A job's http input as a log: the accepted batches in order, read from any item, waiting for more
 * until the input is closed. The engine gives item {@code i} to worker {@code i % workerCount} and
 * keeps each worker's position in its snapshots ({@link LogInputFn}), so a restarted job reads on
 * where it was.
 *
 * <p>While it waits for more input the log yields a marker of its current epoch now and then, which
 * hands control back to the engine (so the job can be cancelled or snapshotted) without claiming any
 * progress.
 *
 * <p>Retention: where each worker stands for good ({@link #passed}) goes to {@link InputPositions},
 * from which {@link InputTrimmer} drops the batches every worker of the run has passed.
 */
final class HttpJobInput implements LogInputFn<Object> {

    private static final long POLL_MILLIS = 10;
    private static final long IDLE_MARKER_MILLIS = 100;

    private final JobLogs logs;

    HttpJobInput(JobLogs logs) {
        this.logs = logs;
    }

    /** Sends the report off to the member that owns the job's positions; never blocks the worker. */
    @Override
    public void passed(LogPosition position) {
        try {
            SluiceMembers.runningMember(logs.clusterName())
                    .<String, InputPositions>getMap(InputPositions.MAP)
                    .submitToKey(logs.jobId(), new InputPositions.Report(position));
        } catch (RuntimeException e) {
            // the member is going away; the next report, or the next run's, says it again
        }
    }

    @Override
    public long firstKept() {
        return logs.open().inputKept(logs.jobId()).firstItem();
    }

    @Override
    public Iterator<EpochItem<Object>> read(long from) {
        return Spliterators.iterator(new Reader(logs.open(), from));
    }

    /** The log from an item on, as a spliterator: one item or marker a step ({@link #tryAdvance}). */
    private final class Reader extends Spliterators.AbstractSpliterator<EpochItem<Object>> {
        private final JobStore store;
        private long nextBatch;
        private List<EpochItem<Object>> batch = List.of();
        private int position;
        private long epoch = -1;

        Reader(JobStore store, long from) {
            super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
            this.store = store;
            long batches = store.inputLog(logs.jobId()).batches();
            nextBatch = store.batchOf(logs.jobId(), from, batches);
            if (nextBatch < batches) {
                JobStore.InputBatch found = store.inputBatch(logs.jobId(), nextBatch);
                if (found == null) {
                    throw JobStore.lostBatch(logs.jobId(), nextBatch);
                }
                if (from < found.start()) {
                    throw new IllegalStateException("item " + from + " of the input of job '" + logs.jobId()
                            + "' is no longer kept: retention dropped it once every worker had passed it");
                }
                take(found, (int) (from - found.start()));
            }
        }

        private void take(JobStore.InputBatch found, int from) {
            batch = found.pairs();
            position = from;
            nextBatch++;
        }

        @Override
        public boolean tryAdvance(Consumer<? super EpochItem<Object>> action) {
            while (true) {
                if (position < batch.size()) {
                    EpochItem<Object> pair = batch.get(position++);
                    epoch = pair.epoch();
                    action.accept(pair);
                    return true;
                }
                Boolean more = nextBatch();
                if (more == null) {
                    action.accept(EpochItem.advanceTo(Math.max(epoch, 0)));
                    return true;
                }
                if (!more) {
                    return false;
                }
            }
        }

        /**
         * Waits for the next batch: true when it is there, false once the input is closed and fully
         * read, null when none came for a while.
         */
        private Boolean nextBatch() {
            long idleAt = System.nanoTime() + IDLE_MARKER_MILLIS * 1_000_000;
            while (System.nanoTime() < idleAt) {
                // the log first: a batch is stored before the log counts it, so one counted and not
                // found was lost, while one found after a read of the log that did not count it is new
                JobStore.InputLog log = store.inputLog(logs.jobId());
                JobStore.InputBatch found = store.inputBatch(logs.jobId(), nextBatch);
                if (found != null) {
                    take(found, 0);
                    return true;
                }
                if (nextBatch < log.batches()) {
                    throw JobStore.lostBatch(logs.jobId(), nextBatch);
                }
                if (log.closed()) {
                    return false;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    throw Throwables.interrupted("the input of job " + logs.jobId() + " was interrupted", e);
                }
            }
            return null;
        }
    }
}
