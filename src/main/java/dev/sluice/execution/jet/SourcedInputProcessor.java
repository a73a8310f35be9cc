package dev.sluice.execution.jet;

import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Watermark;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.jet.SnapshotKeys.FrontierKey;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;

/**
 * The {@code input} vertex behind a {@link SourceInputFn}'s source: one worker's stateless steps up to
 * the first exchange, fed by the source processor of the same worker. Its frontier is the source's
 * last watermark; an item of a lower epoch (a late record: its partition was idle and woke up, or its
 * timestamps went backwards) goes into the frontier's epoch, the lowest still open, so that no epoch
 * gets items after it completed and no item is dropped.
 *
 * <h2>Snapshots</h2>
 * Each worker saves its frontier (broadcast); a restored worker starts from the lowest saved, which no
 * keyed step downstream had passed, until its source's watermarks come again.
 */
final class SourcedInputProcessor extends StepsProcessor {

    private long frontier = Long.MIN_VALUE;
    private long restoredFrontier = Long.MAX_VALUE;

    SourcedInputProcessor(VertexPlan plan, Workers workers) {
        super(plan, workers);
    }

    @Override
    public void process(int ordinal, Inbox inbox) {
        if (!drain()) {
            return;
        }
        for (Object item; (item = inbox.poll()) != null; ) {
            EpochItem<?> epochItem = (EpochItem<?>) item;
            chain().countInput();
            head.accept(Math.max(epochItem.epoch(), frontier), epochItem.item());
            if (!drained()) {
                return;
            }
        }
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        if (!super.tryProcessWatermark(watermark)) {
            return false;
        }
        frontier = Math.max(frontier, watermark.timestamp());
        return true;
    }

    @Override
    List<Map.Entry<Object, Object>> snapshotEntries() {
        List<Map.Entry<Object, Object>> entries = super.snapshotEntries();
        entries.add(new SimpleImmutableEntry<>(BroadcastKey.broadcastKey(new FrontierKey(workerIndex)), frontier));
        return entries;
    }

    @Override
    void restore(Object key, Object value) {
        if (key instanceof BroadcastKey<?> broadcast && broadcast.key() instanceof FrontierKey) {
            restoredFrontier = Math.min(restoredFrontier, (Long) value);
        } else {
            super.restore(key, value);
        }
    }

    @Override
    public boolean finishSnapshotRestore() {
        if (restoredFrontier != Long.MAX_VALUE) {
            frontier = Math.max(frontier, restoredFrontier);
        }
        return true;
    }
}
