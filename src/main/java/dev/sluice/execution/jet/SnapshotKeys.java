package dev.sluice.execution.jet;

import com.hazelcast.partition.PartitionAware;
import dev.sluice.execution.log.LogProgress;
import java.io.Serializable;

/**
 * The keys (and small values) Sluice's processors save in Jet snapshots. On restore Jet hands an
 * entry to the processor that owns the Hazelcast partition of its key; a
 * {@link com.hazelcast.jet.core.BroadcastKey} goes to every processor of the vertex.
 */
final class SnapshotKeys {

    private SnapshotKeys() {}

    /**
     * A keyed step's state for one key: the value is a {@link dev.sluice.operators.KeySnapshot}. Its
     * partition is that of the key's {@code Exhash} partition, through an anchor object that Hazelcast
     * places in that partition ({@link PartitionAnchors}), so the state comes back to the worker that
     * the exchange sends the key's items to, however many workers there are now.
     *
     * @param step the index of the keyed step
     * @param anchor the partition anchor
     */
    record StateKey(int step, Object anchor) implements PartitionAware<Object>, Serializable {
        @Override
        public Object getPartitionKey() {
            return anchor;
        }
    }

    /** Broadcast: where an input worker was in its log. The value is an {@link InputPosition}. */
    record InputKey(int worker) implements Serializable {}

    /**
     * Where one input worker was when the snapshot was taken.
     *
     * @param workerCount the workers sharing the log in that run
     * @param worker the worker
     * @param position the first log item it had not passed ({@code Long.MAX_VALUE} once it had read
     *        the whole log)
     * @param older what earlier runs had done beyond its position
     */
    record InputPosition(int workerCount, int worker, long position, LogProgress older) implements Serializable {}

    /** Broadcast: the last commit sequence an output worker had staged. The value is a {@code Long}. */
    record SequenceKey(int writer) implements Serializable {}

    /**
     * A chunk of an output worker's staged commit: the value is a list of pairs. Restored by any
     * worker of the output, which hands it to the commit log again (which skips it if it was in).
     */
    record StageKey(long sequence, int writer, int chunk) implements Serializable {}

    /** Broadcast: the frontier of a worker behind a {@link SourceInputFn}'s source. The value is a {@code Long}. */
    record FrontierKey(int worker) implements Serializable {}
}
