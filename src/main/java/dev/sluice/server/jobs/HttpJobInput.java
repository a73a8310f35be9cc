package dev.sluice.server.jobs;

import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.log.LogInputFn;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * A job's http input as a log: the accepted batches in order, read from any item, waiting for more
 * until the input is closed. The engine gives item {@code i} to worker {@code i % workerCount} and
 * keeps each worker's position in its snapshots ({@link LogInputFn}), so a restarted job reads on
 * where it was.
 *
 * <p>While it waits for more input the log yields a marker of its current epoch now and then, which
 * hands control back to the engine (so the job can be cancelled or snapshotted) without claiming any
 * progress.
 */
final class HttpJobInput implements LogInputFn<Object> {

    private static final long POLL_MILLIS = 10;
    private static final long IDLE_MARKER_MILLIS = 100;

    private final String clusterName;
    private final String jobId;

    HttpJobInput(String clusterName, String jobId) {
        this.clusterName = clusterName;
        this.jobId = jobId;
    }

    @Override
    public Iterator<EpochItem<Object>> read(long from) {
        JobStore store = new JobStore(SluiceMembers.runningMember(clusterName));
        return new Reader(store, from);
    }

    private final class Reader implements Iterator<EpochItem<Object>> {
        private final JobStore store;
        private long nextBatch;
        private List<EpochItem<Object>> batch = List.of();
        private int position;
        private long epoch = -1;
        private EpochItem<Object> next;

        Reader(JobStore store, long from) {
            this.store = store;
            long batches = store.inputLog(jobId).batches();
            nextBatch = store.batchOf(jobId, from, batches);
            if (nextBatch < batches) {
                JobStore.InputBatch found = store.inputBatch(jobId, nextBatch);
                if (found == null) {
                    throw JobStore.lostBatch(jobId, nextBatch);
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
        public boolean hasNext() {
            while (next == null) {
                if (position < batch.size()) {
                    next = batch.get(position++);
                    epoch = next.epoch();
                } else {
                    Boolean more = nextBatch();
                    if (more == null) {
                        next = EpochItem.advanceTo(Math.max(epoch, 0));
                    } else if (!more) {
                        return false;
                    }
                }
            }
            return true;
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
                JobStore.InputLog log = store.inputLog(jobId);
                JobStore.InputBatch found = store.inputBatch(jobId, nextBatch);
                if (found != null) {
                    take(found, 0);
                    return true;
                }
                if (nextBatch < log.batches()) {
                    throw JobStore.lostBatch(jobId, nextBatch);
                }
                if (log.closed()) {
                    return false;
                }
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("the input of job " + jobId + " was interrupted");
                }
            }
            return null;
        }

        @Override
        public EpochItem<Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EpochItem<Object> pair = next;
            next = null;
            return pair;
        }
    }
}
