package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.JobSuspensionCause;
import dev.sluice.execution.jet.JetFaults;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What becomes of a job that Jet suspended because it failed. A job with a processing guarantee is
 * submitted with Jet's suspend-on-failure ({@link JobStarter}): a failure keeps the Jet job and its last
 * snapshot, where it would otherwise end the job and delete its state. The member that started the job
 * hears of the suspension at once ({@link #watch}); the cluster's master also looks every
 * {@link #SWEEP_MILLIS} ms, for the jobs whose starting member has gone. Then:
 * <ul>
 *   <li>A fault of Jet itself that a restart from the snapshot gets past ({@link JetFaults}) is
 *       resumed, at most {@value #MAX_RESUMES} times a job by one member. The one known, Hazelcast 5.5's
 *       class-loader race after the master is lost, failed an exactly-once job for good, its state
 *       dropped, where the loss of one member must cost nothing.</li>
 *   <li>Every other failure (a step threw, a record did not convert, a broker did not answer) ends the
 *       job as it always did: its failure text is recorded in {@value DataLossMonitor#FAILURES_MAP}, as
 *       Jet would have kept it, and the job is cancelled, so that it reads {@code FAILED} with the step
 *       that threw ({@link JobViewReader}).</li>
 * </ul>
 * A job a user or the service suspended is not suspended for an error, and is left alone. Resuming or
 * cancelling a job twice does no harm, so two members that act on the same suspension do no harm
 * either.
 */
@Component
class FailureSuspensions {

    static final long SWEEP_MILLIS = 10_000;
    static final int MAX_RESUMES = 3;

    /** How Jet begins the text of a suspension for an error. */
    private static final String SUSPENSION_PREFIX = "Execution failure:\n";
    /** What Jet leaves out of a failed job's text when the failure is a plain {@code JetException}. */
    private static final String JET_EXCEPTION_PREFIX = "com.hazelcast.jet.JetException: ";

    private static final Logger log = LoggerFactory.getLogger(FailureSuspensions.class);

    private final HazelcastInstance hazelcast;
    /** How often this member resumed each Jet job, by Jet job ID. */
    private final Map<Long, Integer> resumes = new ConcurrentHashMap<>();

    private ScheduledExecutorService thread;

    FailureSuspensions(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @PostConstruct
    void start() {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread named = new Thread(runnable, "sluice-failure-suspensions");
            named.setDaemon(true);
            return named;
        });
        thread.scheduleWithFixedDelay(this::sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Settles {@code job} as soon as Jet suspends it for a failure (a job this member has just started). */
    void watch(Job job) {
        long jetJobId = job.getId();
        try {
            job.addStatusListener(event -> {
                if (event.getNewStatus() == JobStatus.SUSPENDED && !event.isUserRequested()) {
                    try {
                        thread.execute(() -> settleLogged(jetJobId));
                    } catch (RejectedExecutionException e) {
                        // shutting down: the master's sweep settles it
                    }
                }
            });
        } catch (RuntimeException e) {
            log.debug("Could not watch Jet job {}: the master's sweep settles it", job.getIdString(), e);
        }
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }

    /**
     * A suspension's error as the text Jet keeps for a failed job ({@code JobResult}), which
     * {@link dev.sluice.failure.JobFailure#ofText} reads the step from.
     */
    static String failureText(String suspension) {
        String text = suspension.startsWith(SUSPENSION_PREFIX)
                ? suspension.substring(SUSPENSION_PREFIX.length())
                : suspension;
        return text.startsWith(JET_EXCEPTION_PREFIX) ? text.substring(JET_EXCEPTION_PREFIX.length()) : text;
    }

    private void sweep() {
        try {
            if (!hazelcast.getCluster().getMembers().iterator().next().localMember()) {
                return;
            }
            Optional<Map<Long, JobStatus>> statuses = JetJobStatuses.read(hazelcast);
            statuses.ifPresent(all -> all.forEach((jetJobId, status) -> {
                if (status == JobStatus.SUSPENDED) {
                    settle(jetJobId);
                }
            }));
        } catch (HazelcastInstanceNotActiveException e) {
            // this member is leaving
        } catch (RuntimeException e) {
            log.warn("Could not look at the jobs Jet suspended for a failure", e);
        }
    }

    private void settleLogged(long jetJobId) {
        try {
            settle(jetJobId);
        } catch (HazelcastInstanceNotActiveException e) {
            // this member is leaving: the master's sweep settles it
        } catch (RuntimeException e) {
            log.warn("Could not settle Jet job {} that Jet suspended for a failure", jetJobId, e);
        }
    }

    private void settle(long jetJobId) {
        Job job = hazelcast.getJet().getJob(jetJobId);
        if (job == null || job.getName() == null || !job.getName().startsWith(DataLossMonitor.JOB_NAME_PREFIX)) {
            return;
        }
        JobSuspensionCause cause;
        try {
            cause = job.getSuspensionCause();
        } catch (IllegalStateException notSuspended) {
            return; // resumed or ended since the statuses were read
        }
        if (!cause.dueToError()) {
            return;
        }
        String id = job.getName().substring(DataLossMonitor.JOB_NAME_PREFIX.length());
        String failure = cause.errorCause();
        int resumed = resumes.getOrDefault(jetJobId, 0);
        try {
            if (JetFaults.resumable(failure) && resumed < MAX_RESUMES) {
                resumes.put(jetJobId, resumed + 1);
                log.warn(
                        "Job {} failed in Jet itself ({}); resuming it from its last snapshot",
                        id,
                        failureText(failure).lines().findFirst().orElse(failure));
                job.resume();
            } else {
                String text = failureText(failure);
                if (hazelcast
                                .<String, String>getMap(DataLossMonitor.FAILURES_MAP)
                                .putIfAbsent(id, text)
                        == null) {
                    log.warn("Job {} failed: {}", id, text.lines().findFirst().orElse(text));
                }
                resumes.remove(jetJobId);
                job.cancel();
            }
        } catch (IllegalStateException alreadyChanged) {
            // another member resumed or cancelled it, or it ended meanwhile
        }
    }
}
