package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Removes everything the cluster holds of a finished job: its record first (from then on it is
 * {@code 404} on every member, and each member drops its meters, see {@link JobRetention}), then its
 * input and output logs, what retention kept of them, its end and cancel marks, its failure reason
 * and its {@code Idempotency-Key}.
 */
final class JobEraser {

    /** Deletes in flight at once while a job's entries go. */
    private static final int IN_FLIGHT = 1024;

    private final HazelcastInstance hazelcast;
    private final JobStore store;

    JobEraser(HazelcastInstance hazelcast, JobStore store) {
        this.hazelcast = hazelcast;
        this.store = store;
    }

    /**
     * Erases the job.
     *
     * @return whether it had a record (false: another request erased it first)
     */
    boolean erase(String id) {
        JobRecord record = store.jobs().remove(id);
        if (record == null) {
            return false;
        }
        JobStore.InputLog input = store.inputLog(id);
        InputKept kept = store.inputKept(id);
        deleteRange(JobStore.INPUT_BATCHES, id, kept.firstBatch(), input.batches());
        deleteRange(JobStore.OUTPUT_PAIRS, id, store.firstOutput(id), store.outputCount(id));
        for (String map : List.of(
                JobStore.INPUT_LOGS,
                InputKept.MAP,
                InputPositions.MAP,
                JobStore.OUTPUT_LOGS,
                JobStore.OUTPUT_FIRST,
                JobStore.ENDS,
                JobStore.CANCELS,
                JobStore.SUSPENDS,
                IdleMarks.MAP,
                DataLossMonitor.FAILURES_MAP)) {
            hazelcast.getMap(map).delete(id);
        }
        if (record.idempotencyKey() != null) {
            IMap<String, IdempotencyKeys.KeyUse> keys = hazelcast.getMap(IdempotencyKeys.MAP);
            IdempotencyKeys.KeyUse use = keys.get(record.idempotencyKey());
            if (use != null && use.jobId().equals(id)) {
                keys.remove(record.idempotencyKey(), use);
            }
        }
        return true;
    }

    /** Deletes the entries {@code id/from} … {@code id/(to - 1)} of a map. */
    private void deleteRange(String mapName, String id, long from, long to) {
        deleteRange(hazelcast.getMap(mapName), id, from, to);
    }

    /**
     * Deletes the entries {@code id/from} … {@code id/(to - 1)} of a map, {@value #IN_FLIGHT} at a time
     * (also what retention drops of a job's output).
     */
    static void deleteRange(IMap<String, ?> map, String id, long from, long to) {
        List<CompletionStage<Boolean>> pending = new ArrayList<>();
        for (long i = from; i < to; i++) {
            pending.add(map.deleteAsync(id + "/" + i));
            if (pending.size() == IN_FLIGHT) {
                join(pending);
            }
        }
        join(pending);
    }

    private static void join(List<CompletionStage<Boolean>> pending) {
        CompletableFuture.allOf(pending.stream()
                        .map(CompletionStage::toCompletableFuture)
                        .toArray(CompletableFuture[]::new))
                .join();
        pending.clear();
    }
}
