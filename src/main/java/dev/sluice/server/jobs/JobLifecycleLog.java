package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.JobStatusEvent;
import com.hazelcast.jet.JobStatusListener;
import com.hazelcast.jet.core.JobStatus;
import dev.sluice.execution.jet.JetSnapshots;
import jakarta.annotation.PreDestroy;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One log line per event in a job's life, on the member that started it: started, running, restarting
 * (a member was lost, left or joined) and running again, completed, failed, cancelled (INFO, failures
 * WARN), and a snapshot that failed (WARN, found by looking at Jet's record of the job every
 * {@link #SNAPSHOT_CHECK_SECONDS} s while it runs). Nothing per item or per request.
 */
@Component
class JobLifecycleLog {

    static final long SNAPSHOT_CHECK_SECONDS = 2;

    private static final Logger log = LoggerFactory.getLogger(JobLifecycleLog.class);

    private final HazelcastInstance hazelcast;
    /** The running jobs this member started, by Jet job ID: their snapshots are watched. */
    private final Map<Long, Watched> watched = new ConcurrentHashMap<>();

    private ScheduledExecutorService snapshotCheck;

    JobLifecycleLog(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** A job this member has just started: logs it, and its every change of status from now on. */
    void started(JobRecord record, Job job) {
        log.info(
                "Job {} of flow {} started: Jet job {}, {} × {} workers, {}",
                record.id(),
                record.flow(),
                job.getIdString(),
                record.processes(),
                record.workersPerProcess(),
                record.processingGuarantee());
        Watched entry = new Watched(record);
        watched.put(job.getId(), entry);
        job.addStatusListener(entry);
        if (record.snapshotIntervalMillis() > 0) {
            startSnapshotCheck();
        }
    }

    private synchronized void startSnapshotCheck() {
        if (snapshotCheck == null) {
            snapshotCheck = MemberThreads.scheduled("sluice-snapshot-check");
            snapshotCheck.scheduleWithFixedDelay(
                    this::checkSnapshots, SNAPSHOT_CHECK_SECONDS, SNAPSHOT_CHECK_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void checkSnapshots() {
        Set<Long> snapshotting = new HashSet<>();
        watched.forEach((jetJobId, entry) -> {
            if (entry.record.snapshotIntervalMillis() > 0) {
                snapshotting.add(jetJobId);
            }
        });
        try {
            // one read for every job, not one per job
            JetSnapshots.of(hazelcast, snapshotting).forEach((jetJobId, snapshots) -> {
                Watched entry = watched.get(jetJobId);
                if (entry != null) {
                    entry.snapshots(snapshots);
                }
            });
        } catch (RuntimeException e) {
            // the member is leaving, or Jet's records are on their way: next time
        }
    }

    @PreDestroy
    synchronized void stop() {
        if (snapshotCheck != null) {
            snapshotCheck.shutdownNow();
        }
    }

    /** One job's status changes, as Jet reports them to the member that started it. */
    private final class Watched implements JobStatusListener {
        private final JobRecord record;
        private boolean ranBefore;
        /** Whether Jet suspended it for a failure and it has not run since ({@link FailureSuspensions}). */
        private boolean failing;

        private String lastFailure;

        Watched(JobRecord record) {
            this.record = record;
        }

        @Override
        public synchronized void jobStatusChanged(JobStatusEvent event) {
            JobStatus now = event.getNewStatus();
            JobStatus before = event.getPreviousStatus();
            String why = event.getDescription() == null ? "" : ": " + event.getDescription();
            switch (now) {
                case RUNNING -> {
                    log.info(
                            "Job {} of flow {} {}",
                            record.id(),
                            record.flow(),
                            ranBefore ? "running again" : "running");
                    ranBefore = true;
                    failing = false;
                }
                case NOT_RUNNING, STARTING -> {
                    if (before == JobStatus.RUNNING) {
                        log.info("Job {} of flow {} restarting{}", record.id(), record.flow(), why);
                    }
                }
                case COMPLETED -> ended("completed", "");
                case FAILED -> {
                    if (event.isUserRequested()) {
                        // the service cancels a job Jet suspended for a failure it does not resume
                        ended(failing ? "ended as failed" : "cancelled", "");
                    } else {
                        watched.remove(event.getJobId());
                        log.warn("Job {} of flow {} failed{}", record.id(), record.flow(), why);
                    }
                }
                case SUSPENDED -> {
                    if (event.isUserRequested()) {
                        log.info("Job {} of flow {} suspended{}", record.id(), record.flow(), why);
                    } else {
                        failing = true;
                        log.warn("Job {} of flow {} failed, Jet keeps it suspended{}", record.id(), record.flow(), why);
                    }
                }
                default -> {
                    // COMPLETING, SUSPENDED_EXPORTING_SNAPSHOT: on the way to one of the above
                }
            }
        }

        private void ended(String how, String why) {
            watched.values().remove(this);
            log.info("Job {} of flow {} {}{}", record.id(), record.flow(), how, why);
        }

        synchronized void snapshots(JetSnapshots.Snapshots snapshots) {
            String failure = snapshots.lastFailure();
            if (failure != null && !Objects.equals(failure, lastFailure)) {
                log.warn("Job {} of flow {}: a snapshot failed: {}", record.id(), record.flow(), failure);
            }
            lastFailure = failure;
        }
    }
}
