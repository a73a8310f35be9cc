package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.failure.Throwables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where the captured pairs of the finite runs collected in this JVM gather while the run goes on: a
 * buffer per run, opened before the job starts and taken (which removes it) when it is over, so that
 * a run leaves nothing behind. A worker in this JVM adds its batches to the buffer directly; a worker
 * on a member in another JVM sends them to the collecting member with an executor task
 * ({@link Deliver}), serialized as Hazelcast serializes the items on Jet's edges.
 *
 * <p>Why not a distributed list per run, as before: Hazelcast 5.5 keeps a statistics object per
 * list name for good ({@code ListService} never removes it when the list is destroyed), so a
 * service answering runs grew by one object a run. A named executor is one long-lived object, and
 * a buffer is a plain JVM object, gone when taken.
 *
 * <p>Batches for a run whose buffer is not open here (taken after a cancel, while a worker elsewhere
 * still delivered) are dropped: nobody waits for them any more.
 */
final class RunOutputs {

    /** The executor on which workers deliver their batches to the collecting member. */
    static final String EXECUTOR = "sluice.run-output";

    private static final Map<String, BlockingQueue<List<EpochItem<Object>>>> OPEN = new ConcurrentHashMap<>();

    private RunOutputs() {}

    /** Opens the buffer of a run collected in this JVM, holding whatever comes until it is taken. */
    static void open(String runId) {
        open(runId, Integer.MAX_VALUE);
    }

    /**
     * Opens the buffer of a run collected in this JVM that its caller drains while the run goes on
     * ({@link #poll}): it holds at most {@code batches} batches, and workers wait while it is full.
     */
    static void open(String runId, int batches) {
        if (OPEN.putIfAbsent(runId, new LinkedBlockingQueue<>(batches)) != null) {
            throw new IllegalStateException("run " + runId + " is already collected here");
        }
    }

    /** Removes the buffer of a run and returns what it holds; empty when it was not open. */
    static List<EpochItem<Object>> take(String runId) {
        Queue<List<EpochItem<Object>>> batches = OPEN.remove(runId);
        List<EpochItem<Object>> pairs = new ArrayList<>();
        if (batches != null) {
            batches.forEach(pairs::addAll);
        }
        return pairs;
    }

    /**
     * The next batch of a run collected in this JVM, waiting up to {@code millis} for one; {@code null}
     * when none came (or the buffer is not open).
     */
    static List<EpochItem<Object>> poll(String runId, long millis) throws InterruptedException {
        BlockingQueue<List<EpochItem<Object>>> batches = OPEN.get(runId);
        return batches == null ? null : batches.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** Whether this JVM collects the run: its buffer is open here. */
    static boolean collectsHere(String runId) {
        return OPEN.containsKey(runId);
    }

    /** How many runs are being collected in this JVM: 0 when none is running (for tests). */
    static int openRuns() {
        return OPEN.size();
    }

    /**
     * Offers a batch, which the buffer then owns, to the run's buffer in this JVM: {@code false} when the
     * buffer is full (try again later), {@code true} when it took the batch or is not open (a batch for
     * a run nobody waits for any more is dropped).
     */
    static boolean offer(String runId, List<EpochItem<Object>> batch) {
        BlockingQueue<List<EpochItem<Object>>> batches = OPEN.get(runId);
        return batches == null || batches.offer(batch);
    }

    /**
     * Sends a batch from the worker's member to the collecting member and waits until it is there, so
     * that when the job is done, every batch is: {@code false} when the run's buffer there is full.
     */
    static boolean deliver(HazelcastInstance from, Member collector, String runId, List<EpochItem<Object>> batch) {
        return call(from, collector, new Deliver(runId, batch));
    }

    /** Runs a task of a run on the collecting member and waits for its answer. */
    static <T> T call(HazelcastInstance from, Member collector, RunTask<T> task) {
        try {
            return from.getExecutorService(EXECUTOR)
                    .submitToMember(task, collector)
                    .get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Throwables.cancellation("interrupted while collecting the output of run " + task.runId, e);
        } catch (ExecutionException e) {
            throw Throwables.sneaky(Throwables.unwrapFuture(e));
        }
    }

    /** A task about one run's buffer, run on the collecting member. */
    abstract static class RunTask<T> implements Callable<T>, DataSerializable {
        String runId;

        RunTask() {}

        RunTask(String runId) {
            this.runId = Objects.requireNonNull(runId);
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeString(runId);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            runId = in.readString();
        }
    }

    /** Opens a run's buffer on the member that runs this task. */
    static final class Open extends RunTask<Void> {
        Open() {}

        Open(String runId) {
            super(runId);
        }

        @Override
        public Void call() {
            open(runId);
            return null;
        }
    }

    /** Takes a run's buffer on the member that runs this task and returns its pairs. */
    static final class Take extends RunTask<List<EpochItem<Object>>> {
        Take() {}

        Take(String runId) {
            super(runId);
        }

        @Override
        public List<EpochItem<Object>> call() {
            return take(runId);
        }
    }

    /**
     * A batch of a run's pairs, offered to its buffer on the member that runs this task; answers whether
     * it was taken. It never waits there, so a run whose reader is slow holds none of the executor's
     * threads: the worker tries again ({@link CollectedOutput}).
     */
    static final class Deliver extends RunTask<Boolean> {
        private List<EpochItem<Object>> batch;

        Deliver() {}

        Deliver(String runId, List<EpochItem<Object>> batch) {
            super(runId);
            this.batch = Objects.requireNonNull(batch);
        }

        @Override
        public Boolean call() {
            return offer(runId, batch);
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            super.writeData(out);
            out.writeInt(batch.size());
            for (EpochItem<Object> pair : batch) {
                out.writeObject(pair);
            }
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            super.readData(in);
            int size = in.readInt();
            batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(in.readObject());
            }
        }
    }
}
