package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.util.Arrays;
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
        long[] bytes = new long[(int) Math.min(batches - batch, 64)];
        while (batch < batches) {
            long[] below = stored.executeOnKey(id + "/" + batch, new EndIfBelow(passed));
            if (below == null) {
                break; // still wanted, or not there (another trimmer took it, or it was lost)
            }
            int at = (int) (batch - kept.firstBatch());
            if (at == bytes.length) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2);
            }
            firstItem = below[0];
            bytes[at] = below[1];
            batch++;
        }
        if (batch == kept.firstBatch()) {
            return 0;
        }
        long recorded = recordDropped(id, new Droppable(kept.firstBatch(), firstItem, Arrays.copyOf(bytes, (int)
                (batch - kept.firstBatch()))));
        if (recorded > 0) {
            JobEraser.deleteRange(stored, id, kept.firstBatch(), batch);
        }
        return recorded;
    }

    /**
     * Moves the job's first kept batch up past {@code droppable}, counting only the batches that another
     * trimmer has not recorded already (two meet while the job's records migrate).
     *
     * @return how many batches this call recorded as dropped
     */
    long recordDropped(String id, Droppable droppable) {
        IMap<String, JobStore.InputLog> logs = hazelcast.getMap(JobStore.INPUT_LOGS);
        IMap<String, InputKept> keptMap = hazelcast.getMap(InputKept.MAP);
        logs.lock(id);
        try {
            InputKept now = keptMap.getOrDefault(id, InputKept.NONE);
            if (now.firstBatch() >= droppable.toBatch()) {
                return 0;
            }
            long droppedBytes = 0;
            for (long batch = Math.max(now.firstBatch(), droppable.fromBatch()); batch < droppable.toBatch(); batch++) {
                droppedBytes += droppable.bytes()[(int) (batch - droppable.fromBatch())];
            }
            keptMap.set(
                    id,
                    new InputKept(
                            droppable.toBatch(),
                            droppable.firstItem(),
                            now.acceptedBytes(),
                            now.droppedBytes() + droppedBytes));
            return droppable.toBatch() - Math.max(now.firstBatch(), droppable.fromBatch());
        } finally {
            logs.unlock(id);
        }
    }

    /**
     * Batches one trim found every worker has passed: from {@code fromBatch} on, {@code bytes[i]} the
     * size of batch {@code fromBatch + i}; {@code firstItem} the item right after them.
     */
    record Droppable(long fromBatch, long firstItem, long[] bytes) {
        long toBatch() {
            return fromBatch + bytes.length;
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
