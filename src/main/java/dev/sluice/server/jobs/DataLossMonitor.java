package dev.sluice.server.jobs;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionLostEvent;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.config.WriteQuorum;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Data loss is reported, never silent. Every partition of the job data has
 * {@code sluice.cluster.backup-count} backups; when more members fail at once than that, some
 * partitions lose every copy, and a job reading or writing them (its input, state, snapshots, output)
 * would go on with a hole in it. So when Hazelcast reports a partition lost beyond the backups, this
 * member cancels every running Sluice job (the Jet jobs named {@value #JOB_NAME_PREFIX}{@code <id>})
 * and records why in the {@value #FAILURES_MAP} map, job ID to a one-line reason, for the job view; so
 * it does for a job of {@code sluice.jobs} whose Jet job is gone (its record was in a lost partition).
 *
 * <p>Every member listens and acts; the first reason recorded for a job stays ({@code putIfAbsent}),
 * and cancelling a job twice does no harm. Events come per partition, many at once: they are gathered
 * and handled by one thread, a sweep at a time.
 *
 * <p>Only a member that sees a majority of its cluster ({@link WriteQuorum}) acts. One cut off from the
 * others (a split cluster, issue 16) sees partitions lost that the others still hold: it keeps them
 * until members join it and it has a majority again (then they were lost for real), and forgets them
 * when it merges back into the others' cluster, whose data replaces its own. Acting there would cancel
 * jobs that lost nothing: Hazelcast retries a merging member's operations in flight in the merged
 * cluster, a job's cancellation included.
 */
@Component
public class DataLossMonitor {

    /**
     * Job ID → why the service failed the job (a {@code String}): data lost here, a flow mismatch
     * ({@link FlowMismatchGuard}), the failure Jet suspended it for ({@link FailureSuspensions}).
     */
    public static final String FAILURES_MAP = "sluice.job-failures";

    /** The name of a Sluice job's Jet job, before its ID. */
    public static final String JOB_NAME_PREFIX = "sluice-job-";

    /** The ID of the Sluice job whose Jet job has this name, or null when it is not a Sluice job's. */
    static String sluiceJobId(String jetJobName) {
        return jetJobName != null && jetJobName.startsWith(JOB_NAME_PREFIX)
                ? jetJobName.substring(JOB_NAME_PREFIX.length())
                : null;
    }

    private static final Logger log = LoggerFactory.getLogger(DataLossMonitor.class);

    private final HazelcastInstance hazelcast;
    private final int backupCount;
    private final Set<Integer> lostPartitions = new TreeSet<>();
    private final AtomicBoolean sweepPending = new AtomicBoolean();
    private final ExecutorService sweeper = MemberThreads.single("sluice-data-loss-monitor");
    private UUID registration;
    private UUID membershipRegistration;
    private UUID lifecycleRegistration;
    /** Whether a sweep waits for a majority: set in a minority, cleared by the next sweep or a merge. */
    private final AtomicBoolean deferred = new AtomicBoolean();

    @Autowired
    DataLossMonitor(HazelcastInstance hazelcast, SluiceProperties properties) {
        this(hazelcast, properties.cluster().backupCount());
    }

    /**
     * @param backupCount the backups the job data has: a partition that lost its owner and this many
     *     backups has lost data
     */
    DataLossMonitor(HazelcastInstance hazelcast, int backupCount) {
        this.hazelcast = hazelcast;
        this.backupCount = backupCount;
    }

    @PostConstruct
    void start() {
        registration = hazelcast.getPartitionService().addPartitionLostListener(this::partitionLost);
        // a member that joins may give back the majority a sweep waits for
        membershipRegistration = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {
                if (deferred.get()) {
                    scheduleSweep();
                }
            }

            @Override
            public void memberRemoved(MembershipEvent event) {}
        });
        // merging into another cluster: what this one lost is the others' to judge, with their copies
        lifecycleRegistration = hazelcast.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleEvent.LifecycleState.MERGING) {
                forgetLostPartitions("it merges into another cluster, whose data replaces its own");
            }
        });
    }

    @PreDestroy
    void stop() {
        sweeper.shutdownNow();
        try {
            if (registration != null && hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getPartitionService().removePartitionLostListener(registration);
                hazelcast.getCluster().removeMembershipListener(membershipRegistration);
                hazelcast.getLifecycleService().removeLifecycleListener(lifecycleRegistration);
            }
        } catch (HazelcastInstanceNotActiveException e) {
            // gone already
        }
    }

    /**
     * Whether the event means lost job data: the owner and the first {@code lostBackupCount} backups
     * are gone, which loses a structure with no more backups than that.
     */
    boolean losesData(PartitionLostEvent event) {
        return event.allReplicasInPartitionLost() || event.getLostBackupCount() >= backupCount;
    }

    private void partitionLost(PartitionLostEvent event) {
        if (!losesData(event)) {
            return;
        }
        synchronized (lostPartitions) {
            lostPartitions.add(event.getPartitionId());
        }
        scheduleSweep();
    }

    private void scheduleSweep() {
        if (sweepPending.compareAndSet(false, true)) {
            try {
                sweeper.execute(this::sweep);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** Fails every running Sluice job for the partitions lost so far. */
    private void sweep() {
        sweepPending.set(false);
        List<Integer> partitions;
        synchronized (lostPartitions) {
            partitions = new ArrayList<>(lostPartitions);
        }
        if (partitions.isEmpty()) {
            return;
        }
        if (!WriteQuorum.present(hazelcast)) {
            if (deferred.compareAndSet(false, true)) {
                log.warn(
                        "{} lost here, but this member sees too few of its cluster's members to judge (it may be "
                                + "cut off from the others): no job is failed unless members join it",
                        partitions.size() == 1 ? "partition " + partitions.get(0) : partitions.size() + " partitions");
            }
            return;
        }
        deferred.set(false);
        String reason = reason(partitions);
        try {
            IMap<String, String> failures = hazelcast.getMap(FAILURES_MAP);
            for (Job job : hazelcast.getJet().getJobs()) {
                String id = sluiceJobId(job.getName());
                if (id == null || job.getStatus().isTerminal()) {
                    continue;
                }
                if (failures.putIfAbsent(id, reason) == null) {
                    log.error("Job {}: {}; cancelling it", id, reason);
                }
                try {
                    job.cancel();
                } catch (RuntimeException alreadyEnded) {
                    // it ended meanwhile, or another member cancelled it
                }
            }
            // a job whose Jet record went with the partitions is neither running nor ended: say why
            for (String id : hazelcast.<String, Object>getMap(JobStore.JOBS).keySet()) {
                if (hazelcast.getJet().getJob(JOB_NAME_PREFIX + id) == null
                        && failures.putIfAbsent(id, reason) == null) {
                    log.error("Job {}: {}; its Jet job is gone", id, reason);
                }
            }
        } catch (HazelcastInstanceNotActiveException e) {
            // this member is leaving too: the others report it
        } catch (RuntimeException e) {
            log.error("Could not fail the jobs after lost partitions {}", partitions, e);
        }
    }

    private void forgetLostPartitions(String why) {
        synchronized (lostPartitions) {
            if (!lostPartitions.isEmpty()) {
                log.warn("Forgetting {} partitions lost on this member: {}", lostPartitions.size(), why);
                lostPartitions.clear();
            }
            deferred.set(false);
        }
    }

    /** One line: which partitions, and what it means for a job. */
    static String reason(List<Integer> partitions) {
        String which = partitions.size() == 1
                ? "partition " + partitions.get(0)
                : partitions.size() + " partitions (" + partitions.get(0) + ", " + partitions.get(1)
                        + (partitions.size() > 2 ? ", …" : "") + ")";
        return "data lost: " + which + " lost when more members left at once than the cluster keeps backups for; "
                + "the job's input, state or output may be incomplete";
    }
}
