package dev.sluice.server.kafka;

import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;
import java.util.function.Supplier;

/**
 * Jet's Kafka source, kept from calling itself idle before it knows the topic's partitions. Until its
 * consumer has found them, Jet's source owns no partition, and a source with none reports itself idle
 * at once: the other workers' watermarks would then complete epochs whose records this worker has not
 * read yet (it reads them late). So its idle messages are held back until the partitions are known;
 * after that the source's own idle timeout applies.
 *
 * <p>Jet's source says it is idle only once, when it becomes idle. A worker that turns out to own no
 * partition (more workers than partitions) never becomes idle again, so the message held back is the
 * only one it has: it is sent once the partitions are known and none is this worker's. Without it, that
 * worker would hold every epoch back for ever. A worker that owns a partition drops it: its own idle
 * timeout runs from when it got the partition.
 */
final class DiscoveringSource implements Processor {

    private final Processor source;
    private final Supplier<ReachingConsumer> consumer;
    private Outbox outbox;
    /** The idle message held back while the partitions were unknown, until it is sent or dropped. */
    private Watermark heldIdle;
    /** Whether the outbox refused {@link #heldIdle}: it must be offered again before anything else. */
    private boolean offeringIdle;

    /** @param consumer the source's consumer, once the source has made it */
    DiscoveringSource(Processor source, Supplier<ReachingConsumer> consumer) {
        this.source = source;
        this.consumer = consumer;
    }

    @Override
    public void init(Outbox outbox, Context context) throws Exception {
        this.outbox = outbox;
        source.init(new Gate(outbox), context);
    }

    private boolean partitionsKnown() {
        ReachingConsumer reader = consumer.get();
        return reader != null && reader.partitionsKnown();
    }

    /**
     * Sends or drops the idle message held back, once the partitions are known; false while the outbox
     * refuses it (the source must not offer anything else until it has gone).
     */
    private boolean settleHeldIdle() {
        if (heldIdle == null || !offeringIdle && (!partitionsKnown() || outbox.hasUnfinishedItem())) {
            return true;
        }
        if (!offeringIdle && !consumer.get().assignment().isEmpty()) {
            heldIdle = null;
            return true;
        }
        offeringIdle = true;
        if (!outbox.offer(heldIdle)) {
            return false;
        }
        offeringIdle = false;
        heldIdle = null;
        return true;
    }

    /**
     * Holds an idle message (a watermark at {@code Long.MAX_VALUE}) back while the partitions are
     * unknown; anything else the source sends means it is no longer idle.
     */
    private final class Gate implements Outbox {
        private final Outbox outbox;

        Gate(Outbox outbox) {
            this.outbox = outbox;
        }

        private boolean held(Object item) {
            if (item instanceof Watermark watermark && watermark.timestamp() == Long.MAX_VALUE && !partitionsKnown()) {
                heldIdle = watermark;
                return true;
            }
            heldIdle = null;
            return false;
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
        return settleHeldIdle() && source.complete();
    }

    @Override
    public boolean saveToSnapshot() {
        return (!offeringIdle || settleHeldIdle()) && source.saveToSnapshot();
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
