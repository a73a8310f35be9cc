package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.partition.PartitionService;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each Hazelcast partition, a small object that Hazelcast places in it: the partition key of a
 * snapshot entry that must go back to the owner of a given partition.
 *
 * <p>Jet restores a snapshot entry to the processor that owns the entry key's partition as Hazelcast
 * computes it (a hash of the serialized key), while Sluice's exchanges place a key by its
 * {@code Exhash} partition. An entry whose partition key is the anchor of partition {@code p} lands
 * where the exchange sends keys of partition {@code p}. The placement of an {@code Integer} is the same
 * on every member, so anchors are computed once per JVM and partition count.
 */
final class PartitionAnchors {

    private static final ConcurrentHashMap<Integer, Integer[]> BY_PARTITION_COUNT = new ConcurrentHashMap<>();

    private PartitionAnchors() {}

    /** The anchors of a member's cluster, indexed by partition ID. */
    static Integer[] of(HazelcastInstance hazelcast) {
        PartitionService partitions = hazelcast.getPartitionService();
        int count = partitions.getPartitions().size();
        return BY_PARTITION_COUNT.computeIfAbsent(count, c -> compute(partitions, c));
    }

    private static Integer[] compute(PartitionService partitions, int count) {
        Integer[] anchors = new Integer[count];
        int found = 0;
        for (int candidate = 0; found < count; candidate++) {
            int partition = partitions.getPartition(candidate).getPartitionId();
            if (anchors[partition] == null) {
                anchors[partition] = candidate;
                found++;
            }
        }
        return anchors;
    }
}
