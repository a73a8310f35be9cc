package dev.sluice.server.jobs;

import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.log.LogInputFn;
import dev.sluice.execution.log.LogPosition;
import dev.sluice.failure.Throwables;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A job's http input as a log: the accepted batches in order, read from any item, waiting for more
 * until the input is closed. The engine gives item {@code i} to worker {@code i % workerCount} and
 * keeps each worker's position in its snapshots ({@link LogInputFn}), so a restarted job reads on
 * where it was.
 *
 * <h2>Never blocking</h2>
 * The reader runs on Jet's shared threads ({@link #cooperative()}), so it never waits: it asks the
 * cluster for a batch with Hazelcast's async map API and, until the answer is in, yields a marker of
 * its current epoch, which hands control back to the engine without claiming any progress. It learns
 * that a new batch came from its member's {@link InputWatch} (a local read), and asks the cluster for
 * the log itself only every {@value #WATCHED_POLL_MILLIS} ms in case an event was lost (every
 * {@value #UNWATCHED_POLL_MILLIS} ms until the watch listens). What blocks, finding where a restored
 * worker reads on, runs on {@link JobIo}'s threads.
 *
 * <h2>Retention</h2>
 * Where each worker stands for good ({@link #passed}) goes to {@link InputPositions}, from which
 * {@link InputTrimmer} drops the batches every worker of the run has passed.
 */
final class HttpJobInput implements LogInputFn<Object> {

    static final long UNWATCHED_POLL_MILLIS = 10;
    static final long WATCHED_POLL_MILLIS = 5_000;

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
    public boolean cooperative() {
        return true;
    }

    @Override
    public Iterator<EpochItem<Object>> read(long from) {
        return new Reader(logs.open(), from);
    }

    /** Where a reader starts: the batch that holds its first item, that batch, and the item's place in it. */
    private record Start(long batch, JobStore.InputBatch found, int position) {}

    /** The log from an item on: one item, or one marker while it waits, a call. */
    private final class Reader implements Iterator<EpochItem<Object>> {
        private final JobStore store;
        private final InputWatch watch;
        private final String jobId = logs.jobId();

        private CompletableFuture<Start> seeking;
        private long nextBatch;
        private List<EpochItem<Object>> batch = List.of();
        private int position;
        private long epoch = -1;

        private CompletableFuture<JobStore.InputBatch> fetching;
        private CompletableFuture<JobStore.InputLog> polling;
        /** What the reader's own reads of the log found. */
        private JobStore.InputLog polled = JobStore.InputLog.EMPTY;

        private long nextPollNanos = System.nanoTime();
        private boolean sawWatchListening;

        private EpochItem<Object> next;
        private boolean ended;
        private EpochItem<Object> idleMarker;

        Reader(JobStore store, long from) {
            this.store = store;
            this.watch = InputWatch.of(store.hazelcast());
            if (from > 0) {
                seeking = CompletableFuture.supplyAsync(() -> seek(from), JobIo.executor());
            }
        }

        /** Finds the batch that holds item {@code from} (blocking: on {@link JobIo}'s threads). */
        private Start seek(long from) {
            long batches = store.inputLog(jobId).batches();
            long found = store.batchOf(jobId, from, batches);
            if (found >= batches) {
                return new Start(found, null, 0);
            }
            JobStore.InputBatch start = store.inputBatch(jobId, found);
            if (start == null) {
                throw JobStore.lostBatch(jobId, found);
            }
            if (from < start.start()) {
                throw new IllegalStateException("item " + from + " of the input of job '" + jobId
                        + "' is no longer kept: retention dropped it once every worker had passed it");
            }
            return new Start(found, start, (int) (from - start.start()));
        }

        @Override
        public boolean hasNext() {
            if (next == null && !ended) {
                next = step();
                ended = next == null;
            }
            return next != null;
        }

        @Override
        public EpochItem<Object> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            EpochItem<Object> item = next;
            next = null;
            return item;
        }

        /** The next item, a marker while nothing is there yet, or null once the input is closed and read. */
        private EpochItem<Object> step() {
            while (true) {
                if (position < batch.size()) {
                    EpochItem<Object> pair = batch.get(position++);
                    epoch = pair.epoch();
                    return pair;
                }
                if (seeking != null) {
                    if (!seeking.isDone()) {
                        return idle();
                    }
                    Start start = result(seeking);
                    seeking = null;
                    nextBatch = start.batch();
                    if (start.found() != null) {
                        take(start.found(), start.position());
                    }
                    continue;
                }
                if (fetching != null) {
                    if (!fetching.isDone()) {
                        return idle();
                    }
                    JobStore.InputBatch found = result(fetching);
                    fetching = null;
                    if (found == null) {
                        // the log counted it, and a batch is stored before the log counts it: it was lost
                        throw JobStore.lostBatch(jobId, nextBatch);
                    }
                    take(found, 0);
                    continue;
                }
                if (polling != null && polling.isDone()) {
                    polled = InputWatch.later(polled, result(polling));
                    polling = null;
                }
                JobStore.InputLog log = InputWatch.later(polled, watch.latest(jobId));
                if (nextBatch < log.batches()) {
                    fetching = store.inputBatchAsync(jobId, nextBatch);
                    continue;
                }
                if (log.closed()) {
                    return null;
                }
                pollNowAndThen();
                return idle();
            }
        }

        private void take(JobStore.InputBatch found, int from) {
            batch = found.pairs();
            position = from;
            nextBatch++;
        }

        /** Asks the cluster for the log itself: often until the watch listens, once when it starts to, then seldom. */
        private void pollNowAndThen() {
            long now = System.nanoTime();
            boolean listening = watch.listening();
            if (listening && !sawWatchListening) {
                sawWatchListening = true;
                nextPollNanos = now; // for what came before the watch listened
            }
            if (polling == null && now - nextPollNanos >= 0) {
                polling = store.inputLogAsync(jobId);
                nextPollNanos = now + (listening ? WATCHED_POLL_MILLIS : UNWATCHED_POLL_MILLIS) * 1_000_000;
            }
        }

        /** Hands control back to the engine, claiming no progress (one marker per epoch: an idle call allocates nothing). */
        private EpochItem<Object> idle() {
            long at = Math.max(epoch, 0);
            if (idleMarker == null || idleMarker.epoch() != at) {
                idleMarker = EpochItem.advanceTo(at);
            }
            return idleMarker;
        }

        private <T> T result(CompletableFuture<T> done) {
            try {
                return done.join();
            } catch (CompletionException e) {
                throw Throwables.sneaky(e.getCause() != null ? e.getCause() : e);
            }
        }
    }
}
