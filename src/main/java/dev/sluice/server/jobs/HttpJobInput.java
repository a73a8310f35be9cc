package dev.sluice.server.jobs;

import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * A job's http input as each worker reads it: the accepted batches in order, waiting for more until
 * the input is closed. Item {@code i} of the whole stream goes to worker {@code i % workerCount}.
 *
 * <p>Every worker reads the whole stream, so every worker's epoch follows it: when the stream moves to
 * a later epoch through items that are other workers', this worker yields a progress marker
 * ({@link EpochItem#advanceTo}) rather than hold the epoch back for everyone. While it waits for more
 * input it yields a marker of its current epoch now and then, which hands control back to the engine
 * (so the job can be cancelled) without claiming any progress.
 */
final class HttpJobInput implements InputBuilderFn<Object> {

    private static final long POLL_MILLIS = 10;
    private static final long IDLE_MARKER_MILLIS = 100;

    private final String clusterName;
    private final String jobId;

    HttpJobInput(String clusterName, String jobId) {
        this.clusterName = clusterName;
        this.jobId = jobId;
    }

    @Override
    public Iterable<EpochItem<Object>> build(int workerIndex, int workerCount) {
        JobStore store = new JobStore(SluiceMembers.runningMember(clusterName));
        return () -> new Reader(store, workerIndex, workerCount);
    }

    private final class Reader implements Iterator<EpochItem<Object>> {
        private final JobStore store;
        private final int workerIndex;
        private final int workerCount;
        private long nextBatch;
        private long streamIndex;
        private List<EpochItem<Object>> batch = List.of();
        private int position;
        private long epoch = -1;
        private EpochItem<Object> next;

        Reader(JobStore store, int workerIndex, int workerCount) {
            this.store = store;
            this.workerIndex = workerIndex;
            this.workerCount = workerCount;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                if (position < batch.size()) {
                    EpochItem<Object> pair = batch.get(position++);
                    boolean mine = streamIndex++ % workerCount == workerIndex;
                    if (mine) {
                        next = pair;
                    } else if (pair.epoch() > epoch) {
                        next = EpochItem.advanceTo(pair.epoch());
                    }
                    if (next != null) {
                        epoch = next.epoch();
                    }
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
                List<EpochItem<Object>> found = store.inputBatch(jobId, nextBatch);
                if (found != null) {
                    batch = found;
                    position = 0;
                    nextBatch++;
                    return true;
                }
                JobStore.InputLog log = store.inputLog(jobId);
                if (log.closed() && nextBatch >= log.batches()) {
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
