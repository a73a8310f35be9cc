package dev.sluice.server.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.sluice.cluster.ClusterProcess;
import dev.sluice.cluster.Membership;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.stereotype.Component;

/** The cluster as {@code GET /cluster} shows it: members in process-ID order. */
@Component
class ClusterView {

    private final HazelcastInstance hazelcast;

    ClusterView(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The members now, with their process IDs. */
    public Snapshot snapshot() {
        try {
            List<MemberView> members =
                    Membership.processes(hazelcast).stream().map(MemberView::of).toList();
            return new Snapshot(hazelcast.getConfig().getClusterName(), members);
        } catch (HazelcastInstanceNotActiveException e) {
            throw new ClusterUnavailableException("this member has left its cluster (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param name the Hazelcast cluster name
     * @param members every member, by process ID
     */
    public record Snapshot(@Schema(example = "sluice") String name, List<MemberView> members) {}

    /**
     * @param processId the member's process ID: workers {@code processId * workersPerProcess} onwards are its own
     * @param address its Hazelcast address
     * @param self whether it is the member that answered
     */
    public record MemberView(
            @Schema(example = "0") int processId,
            @Schema(example = "127.0.0.1:5701") String address,
            boolean self) {

        static MemberView of(ClusterProcess process) {
            return new MemberView(process.processId(), process.address(), process.self());
        }
    }
}
