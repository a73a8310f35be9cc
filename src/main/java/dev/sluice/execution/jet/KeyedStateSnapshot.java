package dev.sluice.execution.jet;

import com.hazelcast.jet.core.Processor.Context;
import dev.sluice.execution.jet.SnapshotKeys.StateKey;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.exhash.Exhash;
import dev.sluice.exhash.UnsupportedKeyException;
import dev.sluice.operators.KeySnapshot;
import dev.sluice.operators.KeyedOperator;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The state of a worker's keyed operators in a Jet snapshot ({@link StepsProcessor}): one entry per
 * key ({@link KeySnapshot}) under a {@link StateKey} whose partition is that of the key's
 * {@code Exhash} partition, so that on a restart it comes back to the worker that the exchange now
 * sends the key to, and taken back there by the step that saved it.
 */
final class KeyedStateSnapshot {

    private final WorkerChain chain;
    private final Context context;
    private Integer[] partitionAnchors;

    KeyedStateSnapshot(WorkerChain chain, Context context) {
        this.chain = chain;
        this.context = context;
    }

    /** Each keyed operator's state, per key. */
    List<Map.Entry<Object, Object>> entries() {
        List<Map.Entry<Object, Object>> entries = new ArrayList<>();
        for (KeyedOperator operator : chain.keyedOperators()) {
            for (KeySnapshot key : operator.snapshot()) {
                entries.add(new SimpleImmutableEntry<>(new StateKey(operator.stepIndex(), anchorOf(key.key())), key));
            }
        }
        return entries;
    }

    /** The partition anchor of a key: that of its {@code Exhash} partition, as the exchange places it. */
    private Object anchorOf(Object key) {
        if (partitionAnchors == null) {
            partitionAnchors = context.hazelcastInstance() == null
                    ? new Integer[] {0} // a test context without a member: one place
                    : PartitionAnchors.of(context.hazelcastInstance());
        }
        int partition;
        try {
            partition = Exhash.partition(key, partitionAnchors.length);
        } catch (UnsupportedKeyException e) {
            partition = 0; // a reduce_epoch_local key that never crosses an exchange: any worker will do
        }
        return partitionAnchors[partition];
    }

    /** Takes back one key's state, saved under {@code key}. */
    void restore(StateKey key, KeySnapshot value) {
        operatorOf(key.step()).restore(value);
    }

    private KeyedOperator operatorOf(int step) {
        KeyedOperator operator = chain.keyedOperator(step);
        if (operator != null) {
            return operator;
        }
        throw new IllegalStateException("the snapshot holds state of step " + step
                + ", which this vertex does not run: was the job's flow changed?");
    }
}
