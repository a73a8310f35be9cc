package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.testing.FlowDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.IntStream;

/**
 * The Jet driver as the operator contract sees it: input split round-robin over the workers, output
 * collected in a queue of this JVM (the members are embedded, so the output builder, though it is
 * serialized with the DAG, finds the queue by the run's ID).
 */
final class JetFlowDriver implements FlowDriver {

    private static final ConcurrentMap<String, Queue<EpochItem<Object>>> OUTPUTS = new ConcurrentHashMap<>();

    private final HazelcastInstance hz;
    private final int members;
    private final int workersPerProcess;

    JetFlowDriver(HazelcastInstance hz, int members, int workersPerProcess) {
        this.hz = hz;
        this.members = members;
        this.workersPerProcess = workersPerProcess;
    }

    @Override
    public <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
        String runId = UUID.randomUUID().toString();
        Queue<EpochItem<Object>> output = new ConcurrentLinkedQueue<>();
        OUTPUTS.put(runId, output);
        try {
            JetDataflow.run(hz, JetDataflow.dag(flow, roundRobin(input), collectInto(runId), workersPerProcess));
            return new ArrayList<>(output);
        } finally {
            OUTPUTS.remove(runId);
        }
    }

    /** Worker {@code w} of {@code n} takes the items at indices {@code i % n == w}. */
    static <I> InputBuilderFn<I> roundRobin(List<EpochItem<I>> input) {
        List<EpochItem<I>> items = new ArrayList<>(input);
        return (worker, workers) -> IntStream.range(0, items.size())
                .filter(i -> i % workers == worker)
                .mapToObj(items::get)
                .toList();
    }

    private static OutputBuilderFn collectInto(String runId) {
        return (worker, workers) -> OUTPUTS.get(runId)::add;
    }

    @Override
    public int workerCount() {
        return members * workersPerProcess;
    }
}
