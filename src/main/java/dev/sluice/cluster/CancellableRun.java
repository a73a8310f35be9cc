package dev.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import dev.sluice.execution.jet.JetDataflow;
import dev.sluice.failure.Throwables;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A light job run from a member that another process can cancel, by putting a key in a map: how a
 * client's run ({@link ClientRuns}) and {@code clusterMain}'s run ({@link ClusterMain}) are
 * cancelled when their caller is interrupted. How the job ended comes back as a value
 * ({@link Outcome}), to travel to whoever waits for it.
 */
final class CancellableRun {

    private CancellableRun() {}

    /** How a job ended: its ID and its failure, {@code null} for success. */
    record Outcome(String jobId, Throwable failure) implements Serializable {

        /** Returns when the job succeeded; else throws its failure, as it was thrown. */
        void rethrow() {
            if (failure != null) {
                throw Throwables.sneaky(failure);
            }
        }
    }

    /**
     * Runs the DAG as a light job from a member, and cancels it when {@code cancelKey} appears in
     * {@code map} (its value says why).
     *
     * @param onJobId told the job's ID once it is submitted
     * @return how the job ended; a cancelled job's failure is a {@link CancellationException} saying why
     */
    static Outcome run(
            HazelcastInstance member, DAG dag, IMap<String, Object> map, String cancelKey, Consumer<String> onJobId) {
        Job job = member.getJet().newLightJob(dag);
        AtomicReference<Object> cancelledBy = new AtomicReference<>();
        UUID listener = map.addEntryListener(
                (EntryAddedListener<String, Object>) event -> cancel(job, cancelledBy, event.getValue()),
                cancelKey,
                true);
        Throwable failure = null;
        try {
            onJobId.accept(job.getIdString());
            Object early = map.get(cancelKey);
            if (early != null) {
                cancel(job, cancelledBy, early);
            }
            JetDataflow.join(job);
        } catch (CancellationException e) {
            Object by = cancelledBy.get();
            failure = by != null && !Thread.currentThread().isInterrupted()
                    ? Throwables.cancellation("the run was cancelled: " + by, null)
                    : e;
        } catch (Throwable t) {
            failure = t;
        } finally {
            Throwables.cleanUp(() -> map.removeEntryListener(listener));
        }
        return new Outcome(job.getIdString(), failure);
    }

    private static void cancel(Job job, AtomicReference<Object> cancelledBy, Object by) {
        cancelledBy.compareAndSet(null, by);
        try {
            job.cancel();
        } catch (RuntimeException alreadyDone) {
            // it finished meanwhile
        }
    }
}
