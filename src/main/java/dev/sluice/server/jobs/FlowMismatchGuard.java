package dev.sluice.server.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import dev.sluice.server.flows.FlowConsistency;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A running job never runs on a member with other flows. When a member joins, Jet restarts the running
 * jobs to include it (after its scale-up delay, 10 s by default); if that member lacks the job's flow or
 * builders, or has another build of them ({@link FlowConsistency}), the job would fail there or compute
 * part of its keys with other code. So every member, when one joins, fails such jobs before that: it
 * records why in {@value DataLossMonitor#FAILURES_MAP} (the job then shows {@code FAILED} with that
 * reason) and cancels them. The first reason recorded stays; cancelling twice does no harm.
 */
@Component
class FlowMismatchGuard implements MembershipListener {

    private static final Logger log = LoggerFactory.getLogger(FlowMismatchGuard.class);

    private final HazelcastInstance hazelcast;
    private final FlowConsistency consistency;
    private final ExecutorService worker = MemberThreads.single("sluice-flow-mismatch-guard");
    private UUID registration;

    FlowMismatchGuard(HazelcastInstance hazelcast, FlowConsistency consistency) {
        this.hazelcast = hazelcast;
        this.consistency = consistency;
    }

    @PostConstruct
    void start() {
        registration = hazelcast.getCluster().addMembershipListener(this);
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
        try {
            if (registration != null && hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().removeMembershipListener(registration);
            }
        } catch (HazelcastInstanceNotActiveException e) {
            // gone already
        }
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        try {
            worker.execute(() -> failJobsOtherOn(event.getMember()));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @Override
    public void memberRemoved(MembershipEvent event) {}

    private void failJobsOtherOn(Member member) {
        try {
            IMap<String, String> failures = hazelcast.getMap(DataLossMonitor.FAILURES_MAP);
            for (JobRecord record :
                    hazelcast.<String, JobRecord>getMap(JobStore.JOBS).values()) {
                Optional<String> mismatch = consistency.jobMismatchOn(
                        member,
                        record.flow(),
                        record.input().isHttp() ? null : record.input().name(),
                        record.output().isHttp() ? null : record.output().name());
                if (mismatch.isEmpty()) {
                    continue;
                }
                Job job = hazelcast.getJet().getJob(DataLossMonitor.JOB_NAME_PREFIX + record.id());
                if (job == null || job.getStatus().isTerminal()) {
                    continue;
                }
                String reason = reason(FlowConsistency.address(member), mismatch.get());
                if (failures.putIfAbsent(record.id(), reason) == null) {
                    log.error("Job {}: {}; cancelling it", record.id(), reason);
                }
                try {
                    job.cancel();
                } catch (RuntimeException alreadyEnded) {
                    // it ended meanwhile, or another member cancelled it
                }
            }
        } catch (HazelcastInstanceNotActiveException e) {
            // this member is leaving: the others act
        } catch (RuntimeException e) {
            log.error("Could not check the running jobs against the flows of {}", member, e);
        }
    }

    static String reason(String member, String mismatch) {
        return "flow mismatch: the member " + member + " joined and " + mismatch + ", so the job would fail or "
                + "compute otherwise there; give every member the same flow jars (sluice.flows.path), then start "
                + "the job again";
    }
}
