package dev.sluice.cluster;

import com.hazelcast.collection.IList;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import java.util.Objects;

/**
 * An output that adds every captured pair to a Hazelcast {@link IList} of the cluster the worker
 * runs on, for the caller to read when the job is done: how {@code runCluster} brings output back.
 *
 * <p>The worker finds its member among this JVM's Hazelcast members by cluster name (an output
 * builder only gets its worker index); any member of that cluster will do, as the list is the
 * cluster's.
 */
final class ListOutput implements OutputBuilderFn {

    private final String clusterName;
    private final String listName;

    ListOutput(String clusterName, String listName) {
        this.clusterName = Objects.requireNonNull(clusterName);
        this.listName = Objects.requireNonNull(listName);
    }

    @Override
    public OutputFn build(int workerIndex, int workerCount) {
        IList<EpochItem<Object>> list = memberOf(clusterName).getList(listName);
        return list::add;
    }

    static HazelcastInstance memberOf(String clusterName) {
        for (HazelcastInstance member : Hazelcast.getAllHazelcastInstances()) {
            if (member.getConfig().getClusterName().equals(clusterName) && member.getLifecycleService().isRunning()) {
                return member;
            }
        }
        throw new IllegalStateException("this JVM runs no member of cluster " + clusterName);
    }
}
