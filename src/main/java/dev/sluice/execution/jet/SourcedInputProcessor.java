package dev.sluice.execution.jet;

import com.hazelcast.jet.core.BroadcastKey;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.jet.SnapshotKeys.FrontierKey;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map;

/**
 * The {@code input} vertex behind a {@link SourceInputFn}'s source: one worker's stateless steps up to
 * the first exchange, fed by the source processor of the same worker. Its frontier is the source's
 * last watermark; a late item goes into the lowest open epoch ({@link StepsProcessor}).
 *
 * <h2>Snapshots</h2>
 * Each worker saves its frontier (broadcast); a restored worker counts items below the lowest saved
 * one as late, until its source's watermarks come again: no keyed step downstream had passed it.
 */
final class SourcedInputProcessor extends StepsProcessor {

    private long restoredFrontier = Long.MAX_VALUE;

    SourcedInputProcessor(VertexPlan plan, Workers workers, OutputBuilderFn fusedOutput) {
        super(plan, workers, fusedOutput);
    }

    @Override
    List<Map.Entry<Object, Object>> snapshotEntries() {
        List<Map.Entry<Object, Object>> entries = super.snapshotEntries();
        entries.add(new SimpleImmutableEntry<>(BroadcastKey.broadcastKey(new FrontierKey(workerIndex)), frontier()));
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
            raiseFrontier(restoredFrontier);
        }
        return true;
    }
}
