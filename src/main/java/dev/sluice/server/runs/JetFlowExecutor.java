package dev.sluice.server.runs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.sluice.cluster.ClusterRuns;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.cluster.ClusterUnavailableException;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * Finite runs as Jet light jobs on the embedded member's cluster: the input split round-robin over
 * every worker of every member, the captured pairs gathered back on this member.
 */
@Component
class JetFlowExecutor implements FlowExecutor {

    private final HazelcastInstance hazelcast;

    JetFlowExecutor(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void run(Dataflow<?, ?> flow, List<EpochItem<Object>> input, int workersPerProcess,
            Consumer<EpochItem<Object>> output) {
        List<EpochItem<Object>> captured;
        try {
            captured = ClusterRuns.runOn(hazelcast, hazelcast.getConfig().getClusterName(), (Dataflow) flow,
                    input, workersPerProcess);
        } catch (HazelcastInstanceNotActiveException e) {
            throw new ClusterUnavailableException("this member is not part of a running cluster: " + e.getMessage(), e);
        }
        captured.forEach(output);
    }
}
