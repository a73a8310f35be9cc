package dev.sluice.server.jobs;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.log.CommitLogFn;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A job's http output: what the workers capture goes to the job's output log in the cluster, where
 * readers of {@code /jobs/{id}/output} find it by offset.
 *
 * <p>In a job with a processing guarantee the engine hands over commits, each once the snapshot that
 * covers it is complete ({@link #commit}); the log skips a commit it has (after a restart). Without
 * one, each worker appends in batches: when {@value #BATCH} are waiting, every {@value #FLUSH_MILLIS}
 * ms while any are, and when the worker ends.
 *
 * <p>In a job with snapshots the output is {@linkplain #cooperative() cooperative}: a commit waits for
 * the log's lock, so it runs on {@link JobIo}'s few threads and the workers stay on Jet's shared ones.
 * Without snapshots each worker appends on a thread of its own.
 */
final class HttpJobOutput implements CommitLogFn {

    static final int BATCH = 512;
    static final long FLUSH_MILLIS = 50;

    private static final ScheduledExecutorService FLUSHER = MemberThreads.scheduled("sluice-job-output-flusher");

    private final JobLogs logs;
    private final boolean committing;

    /**
     * @param committing whether the job takes snapshots, so that the engine only commits ({@link #commit}),
     *     and the output may run on Jet's shared threads
     */
    HttpJobOutput(JobLogs logs, boolean committing) {
        this.logs = logs;
        this.committing = committing;
    }

    @Override
    public void commit(int writer, long sequence, List<EpochItem<Object>> pairs) {
        logs.open().commitOutput(logs.jobId(), writer, sequence, pairs);
    }

    @Override
    public boolean cooperative() {
        return committing;
    }

    @Override
    public CompletionStage<Void> commitAsync(int writer, long sequence, List<EpochItem<Object>> pairs) {
        return CompletableFuture.runAsync(() -> commit(writer, sequence, pairs), JobIo.executor());
    }

    @Override
    public OutputFn build(int workerIndex, int workerCount) {
        return new Appender(logs.open());
    }

    private final class Appender implements OutputFn {
        private final JobStore store;
        private final ScheduledFuture<?> flushing;
        private List<EpochItem<Object>> waiting = new ArrayList<>();

        Appender(JobStore store) {
            this.store = store;
            this.flushing = FLUSHER.scheduleWithFixedDelay(
                    this::flushQuietly, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }

        @Override
        public void accept(EpochItem<Object> pair) {
            boolean full;
            synchronized (this) {
                waiting.add(pair);
                full = waiting.size() >= BATCH;
            }
            if (full) {
                flush();
            }
        }

        /** Appends what is waiting; one flush at a time, so a worker's batches keep their order. */
        private void flush() {
            synchronized (store) {
                List<EpochItem<Object>> batch;
                synchronized (this) {
                    if (waiting.isEmpty()) {
                        return;
                    }
                    batch = waiting;
                    waiting = new ArrayList<>();
                }
                try {
                    store.appendOutput(logs.jobId(), batch);
                } catch (RuntimeException e) {
                    synchronized (this) {
                        batch.addAll(waiting);
                        waiting = batch;
                    }
                    throw e;
                }
            }
        }

        private void flushQuietly() {
            try {
                flush();
            } catch (RuntimeException e) {
                // the next flush, or close(), tries again with what is still waiting
            }
        }

        @Override
        public void close() {
            flushing.cancel(false);
            flush();
        }
    }
}
