package dev.sluice.execution.jet;

import com.hazelcast.jet.core.Outbox;
import java.util.Iterator;
import java.util.Map;

/**
 * Offers a processor's snapshot entries to the outbox's snapshot bucket across as many
 * {@code saveToSnapshot()} calls as the bucket needs: an entry it refused is offered again first.
 */
final class SnapshotWriter {

    private final Iterator<? extends Map.Entry<?, ?>> entries;
    private Map.Entry<?, ?> refused;

    SnapshotWriter(Iterator<? extends Map.Entry<?, ?>> entries) {
        this.entries = entries;
    }

    /** Whether every entry is in the snapshot now. */
    boolean offerTo(Outbox outbox) {
        if (refused != null) {
            if (!outbox.offerToSnapshot(refused.getKey(), refused.getValue())) {
                return false;
            }
            refused = null;
        }
        while (entries.hasNext()) {
            Map.Entry<?, ?> entry = entries.next();
            if (!outbox.offerToSnapshot(entry.getKey(), entry.getValue())) {
                refused = entry;
                return false;
            }
        }
        return true;
    }
}
