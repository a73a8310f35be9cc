package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
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
     * Drops what every worker has passed.
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
            long[] dropped = stored.executeOnKey(id + "/" + batch, new DropIfBelow(passed));
            if (dropped == null) {
                break; // still wanted, or not there (another trimmer took it, or it was lost)
            }
            firstItem = dropped[0];
            droppedBytes += dropped[1];
            batch++;
        }
        if (batch == kept.firstBatch()) {
            return 0;
        }
        IMap<String, JobStore.InputLog> logs = hazelcast.getMap(JobStore.INPUT_LOGS);
        IMap<String, InputKept> keptMap = hazelcast.getMap(InputKept.MAP);
        logs.lock(id);
        try {
            InputKept now = keptMap.getOrDefault(id, InputKept.NONE);
            if (now.firstBatch() < batch) {
                keptMap.set(
                        id, new InputKept(batch, firstItem, now.acceptedBytes(), now.droppedBytes() + droppedBytes));
            }
        } finally {
            logs.unlock(id);
        }
        return batch - kept.firstBatch();
    }

    /**
     * Removes a batch whose items are all below {@code below}, on the member that owns it (the batch does
     * not travel): answers {@code [end, bytes]} of a batch removed, null for one kept or not there.
     */
    record DropIfBelow(long below) implements EntryProcessor<String, JobStore.InputBatch, long[]> {
        @Override
        public long[] process(Map.Entry<String, JobStore.InputBatch> entry) {
            JobStore.InputBatch batch = entry.getValue();
            if (batch == null) {
                return null;
            }
            long end = batch.start() + batch.pairs().size();
            if (end > below) {
                return null;
            }
            entry.setValue(null);
            return new long[] {end, batch.bytes()};
        }
    }
}
