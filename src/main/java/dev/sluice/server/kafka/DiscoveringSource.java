package dev.sluice.server.kafka;

import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import java.util.function.BooleanSupplier;

/**
 * Jet's Kafka source, kept from calling itself idle before it knows the topic's partitions. Until its
 * consumer has found them, Jet's source owns no partition, and a source with none reports itself idle
 * at once: the other workers' watermarks would then complete epochs whose records this worker has not
 * read yet (it reads them late). So its idle messages are held back until the partitions are known;
 * after that the source's own idle timeout applies, and a worker that owns no partition is idle.
 */
final class DiscoveringSource implements Processor {

    private final Processor source;
    private final BooleanSupplier partitionsKnown;

    DiscoveringSource(Processor source, BooleanSupplier partitionsKnown) {
        this.source = source;
        this.partitionsKnown = partitionsKnown;
    }

    @Override
    public void init(Outbox outbox, Context context) throws Exception {
        source.init(new Gate(outbox), context);
    }

    /** Drops an idle message (a watermark at {@code Long.MAX_VALUE}) while the partitions are unknown. */
    private final class Gate implements Outbox {
        private final Outbox outbox;

        Gate(Outbox outbox) {
            this.outbox = outbox;
        }

        private boolean held(Object item) {
            return item instanceof Watermark watermark
                    && watermark.timestamp() == Long.MAX_VALUE
                    && !partitionsKnown.getAsBoolean();
        }

        @Override
        public int bucketCount() {
            return outbox.bucketCount();
        }

        @Override
        public boolean offer(int ordinal, Object item) {
            return held(item) || outbox.offer(ordinal, item);
        }

        @Override
        public boolean offer(int[] ordinals, Object item) {
            return held(item) || outbox.offer(ordinals, item);
        }

        @Override
        public boolean offerToSnapshot(Object key, Object value) {
            return outbox.offerToSnapshot(key, value);
        }

        @Override
        public boolean offer(Object item) {
            return held(item) || outbox.offer(item);
        }

        @Override
        public boolean hasUnfinishedItem() {
            return outbox.hasUnfinishedItem();
        }
    }

    @Override
    public boolean isCooperative() {
        return source.isCooperative();
    }

    @Override
    public void process(int ordinal, Inbox inbox) {
        source.process(ordinal, inbox);
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        return source.tryProcessWatermark(watermark);
    }

    @Override
    public boolean tryProcess() {
        return source.tryProcess();
    }

    @Override
    public boolean completeEdge(int ordinal) {
        return source.completeEdge(ordinal);
    }

    @Override
    public boolean complete() {
        return source.complete();
    }

    @Override
    public boolean saveToSnapshot() {
        return source.saveToSnapshot();
    }

    @Override
    public boolean snapshotCommitPrepare() {
        return source.snapshotCommitPrepare();
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        return source.snapshotCommitFinish(success);
    }

    @Override
    public void restoreFromSnapshot(Inbox inbox) {
        source.restoreFromSnapshot(inbox);
    }

    @Override
    public boolean finishSnapshotRestore() {
        return source.finishSnapshotRestore();
    }

    @Override
    public void close() throws Exception {
        source.close();
    }

    @Override
    public boolean closeIsCooperative() {
        return source.closeIsCooperative();
    }
}
