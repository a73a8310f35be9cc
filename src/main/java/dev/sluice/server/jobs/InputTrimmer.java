package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.Map;

/**
 * Drops the batches of a job's http input that every input worker of its current run has passed for
 * good ({@link InputPositions}): with a processing guarantee, as saved in a committed snapshot, so no
 * restart reads them again; without one, once read. A batch goes whole, when its last item is below
 * that position; what is left is in {@link InputKept}.
 */
final class InputTrimmer {

    private final HazelcastInstance hazelcast;
    private final JobStore store;

    InputTrimmer(HazelcastInstance hazelcast, JobStore store) {
        this.hazelcast = hazelcast;
        this.store = store;
    }

    /**
     * Drops what every worker has passed. The batches to drop are recorded as dropped ({@link InputKept},
     * under the log's lock) before they are removed, so a batch at or above {@link InputKept#firstBatch}
     * is never missing unless it was lost with members: a reader that finds one missing below it knows
     * that retention took it ({@link JobStore#batchOf}).
     *
     * @return how many batches it dropped
     */
    long trim(String id) {
        InputPositions positions =
                hazelcast.<String, InputPositions>getMap(InputPositions.MAP).get(id);
        long passed = positions == null ? -1 : positions.passed();
        if (passed <= 0) {
            return 0;
        }
        InputKept kept = store.inputKept(id);
        if (kept.firstItem() >= passed) {
            return 0;
        }
        long batches = store.inputLog(id).batches();
        IMap<String, JobStore.InputBatch> stored = hazelcast.getMap(JobStore.INPUT_BATCHES);
        long batch = kept.firstBatch();
        long firstItem = kept.firstItem();
        long droppedBytes = 0;
        while (batch < batches) {
            long[] below = stored.executeOnKey(id + "/" + batch, new EndIfBelow(passed));
            if (below == null) {
                break; // still wanted, or not there (another trimmer took it, or it was lost)
            }
            firstItem = below[0];
            droppedBytes += below[1];
            batch++;
        }
        if (batch == kept.firstBatch() || !recordDropped(id, batch, firstItem, droppedBytes)) {
            return 0;
        }
        JobEraser.deleteRange(stored, id, kept.firstBatch(), batch);
        return batch - kept.firstBatch();
    }

    /** Moves the job's first kept batch up to {@code firstBatch}, unless another trimmer got there first. */
    private boolean recordDropped(String id, long firstBatch, long firstItem, long droppedBytes) {
        IMap<String, JobStore.InputLog> logs = hazelcast.getMap(JobStore.INPUT_LOGS);
        IMap<String, InputKept> keptMap = hazelcast.getMap(InputKept.MAP);
        logs.lock(id);
        try {
            InputKept now = keptMap.getOrDefault(id, InputKept.NONE);
            if (now.firstBatch() >= firstBatch) {
                return false;
            }
            keptMap.set(
                    id, new InputKept(firstBatch, firstItem, now.acceptedBytes(), now.droppedBytes() + droppedBytes));
            return true;
        } finally {
            logs.unlock(id);
        }
    }

    /**
     * For a batch whose items are all below {@code below}, {@code [end, bytes]}, read on the member that
     * owns it (the batch does not travel); null for one still wanted or not there.
     */
    record EndIfBelow(long below) implements EntryProcessor<String, JobStore.InputBatch, long[]>, ReadOnly {
        @Override
        public long[] process(Map.Entry<String, JobStore.InputBatch> entry) {
            JobStore.InputBatch batch = entry.getValue();
            if (batch == null) {
                return null;
            }
            long end = batch.start() + batch.pairs().size();
            return end > below ? null : new long[] {end, batch.bytes()};
        }
    }
}
