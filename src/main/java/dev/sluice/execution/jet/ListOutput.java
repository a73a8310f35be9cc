package dev.sluice.execution.jet;

import com.hazelcast.collection.IList;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An output that adds every captured pair to a Hazelcast {@link IList} of the cluster the worker
 * runs on, in batches, for the caller to read when the job is done: how {@link FiniteRun} brings
 * the output of {@code runCluster} and of the service's finite runs back.
 *
 * <p>The worker finds its member among this JVM's Hazelcast members by cluster name (an output
 * builder only gets its worker index); any member of that cluster will do, as the list is the
 * cluster's.
 */
final class ListOutput implements OutputBuilderFn {

    /** Pairs added to the list in one call. */
    private static final int BATCH = 1024;

    private final String clusterName;
    private final String listName;

    ListOutput(String clusterName, String listName) {
        this.clusterName = Objects.requireNonNull(clusterName);
        this.listName = Objects.requireNonNull(listName);
    }

    @Override
    public OutputFn build(int workerIndex, int workerCount) {
        IList<EpochItem<Object>> list = LocalMembers.running(clusterName).getList(listName);
        return new OutputFn() {
            private final List<EpochItem<Object>> batch = new ArrayList<>(BATCH);

            @Override
            public void accept(EpochItem<Object> pair) {
                batch.add(pair);
                if (batch.size() >= BATCH) {
                    close();
                }
            }

            /** Adds what is waiting in one call; the driver calls it when the worker is done. */
            @Override
            public void close() {
                if (!batch.isEmpty()) {
                    list.addAll(batch);
                    batch.clear();
                }
            }
        };
    }
}
