package dev.sluice.server.cluster;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

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
    @Schema(name = "ClusterView", description = "The cluster: its name and its members, by process ID")
    public record Snapshot(
            @Schema(description = "The Hazelcast cluster name", example = "sluice", requiredMode = REQUIRED)
            String name,

            @Schema(description = "Every member, in process-ID order", requiredMode = REQUIRED)
            List<MemberView> members) {}

    /**
     * @param processId the member's process ID: workers {@code processId * workersPerProcess} onwards are its own
     * @param address its Hazelcast address
     * @param self whether it is the member that answered
     */
    @Schema(description = "A member of the cluster")
    public record MemberView(
            @Schema(
                    description = "Its process ID: workers `processId × workersPerProcess` onwards are its own",
                    example = "0",
                    requiredMode = REQUIRED)
            int processId,

            @Schema(description = "Its Hazelcast address", example = "127.0.0.1:5701", requiredMode = REQUIRED)
            String address,

            @Schema(description = "Whether it is the member that answered", requiredMode = REQUIRED)
            boolean self) {

        static MemberView of(ClusterProcess process) {
            return new MemberView(process.processId(), process.address(), process.self());
        }
    }
}
