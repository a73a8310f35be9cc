package dev.sluice.server.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.Membership;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One INFO line when a member joins or leaves, with the process IDs the members have after it (which
 * say which workers are whose): the story of the cluster in this member's log.
 */
@Component
class MembershipLog implements MembershipListener {

    private static final Logger log = LoggerFactory.getLogger(MembershipLog.class);

    private final HazelcastInstance hazelcast;
    private final UUID registration;

    MembershipLog(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
        this.registration = hazelcast.getCluster().addMembershipListener(this);
        log.info(
                "This member is {}; processes {}",
                hazelcast.getCluster().getLocalMember().getAddress(),
                processes());
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        log.info("Member {} joined; processes {}", event.getMember().getAddress(), processes());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        log.info("Member {} left; processes {}", event.getMember().getAddress(), processes());
    }

    /** The members by process ID, e.g. {@code [0=127.0.0.1:5701, 1=127.0.0.1:5702]}. */
    private String processes() {
        try {
            return Membership.processes(hazelcast).stream()
                    .map(p -> p.processId() + "=" + p.address())
                    .collect(Collectors.joining(", ", "[", "]"));
        } catch (RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** Stops listening: the member is going. */
    @jakarta.annotation.PreDestroy
    void stop() {
        try {
            hazelcast.getCluster().removeMembershipListener(registration);
        } catch (RuntimeException e) {
            // the member has already stopped
        }
    }
}
