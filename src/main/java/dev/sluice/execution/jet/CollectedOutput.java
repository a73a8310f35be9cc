package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.dataflow.fn.OutputFn;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An output that brings every captured pair to the member collecting the run ({@link RunOutputs}),
 * in batches: how {@link FiniteRun} gets the output of the service's finite runs and of
 * {@code runCluster} back.
 *
 * <p>A worker finds its member among this JVM's Hazelcast members by cluster name (an output builder
 * only gets its worker index). When the run is collected in the worker's own JVM, batches go to the
 * buffer as they are; otherwise they travel to the collecting member.
 */
final class CollectedOutput implements OutputBuilderFn {

    /** Pairs handed over in one go. */
    private static final int BATCH = 1024;

    private final String clusterName;
    private final String runId;
    private final UUID collector;

    CollectedOutput(String clusterName, String runId, UUID collector) {
        this.clusterName = Objects.requireNonNull(clusterName);
        this.runId = Objects.requireNonNull(runId);
        this.collector = Objects.requireNonNull(collector);
    }

    @Override
    public OutputFn build(int workerIndex, int workerCount) {
        BatchSink sink = RunOutputs.collectsHere(runId) ? batch -> RunOutputs.add(runId, batch) : remoteSink();
        return new OutputFn() {
            private List<EpochItem<Object>> batch = new ArrayList<>(BATCH);

            @Override
            public void accept(EpochItem<Object> pair) {
                batch.add(pair);
                if (batch.size() >= BATCH) {
                    close();
                }
            }

            /** Hands over what is waiting; the driver calls it when the worker is done. */
            @Override
            public void close() {
                if (!batch.isEmpty()) {
                    sink.accept(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
        };
    }

    private BatchSink remoteSink() {
        HazelcastInstance member = LocalMembers.running(clusterName);
        Member target = member.getCluster().getMembers().stream()
                .filter(m -> m.getUuid().equals(collector))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("the member collecting run " + runId + " has left the cluster"));
        return batch -> RunOutputs.deliver(member, target, runId, batch);
    }

    /** Takes a batch, which it then owns. */
    private interface BatchSink {
        void accept(List<EpochItem<Object>> batch);
    }
}
