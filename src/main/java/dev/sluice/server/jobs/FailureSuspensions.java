package dev.sluice.server.jobs;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.core.JobSuspensionCause;
import dev.sluice.execution.jet.JetFaults;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * hears of the suspension at once ({@link #watch}); when a member leaves, the master watches every job
 * that runs (its starter may be the one gone) and settles those already suspended. Then:
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

    static final int MAX_RESUMES = 3;
    /** How long to wait before asking again for a cause Jet has not recorded yet, and how often to ask. */
    private static final long CAUSE_RETRY_MILLIS = 100;

    private static final int CAUSE_ATTEMPTS = 50;

    /** How Jet begins the text of a suspension for an error. */
    private static final String SUSPENSION_PREFIX = "Execution failure:\n";
    /** What Jet leaves out of a failed job's text when the failure is a plain {@code JetException}. */
    private static final String JET_EXCEPTION_PREFIX = "com.hazelcast.jet.JetException: ";

    private static final Logger log = LoggerFactory.getLogger(FailureSuspensions.class);

    private final HazelcastInstance hazelcast;
    /** How often this member resumed each Jet job, by Jet job ID. */
    private final Map<Long, Integer> resumes = new ConcurrentHashMap<>();
    /** The Jet jobs this member listens to, until they end. */
    private final Set<Long> watched = ConcurrentHashMap.newKeySet();

    private UUID membership;

    private ScheduledExecutorService thread;

    FailureSuspensions(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    @PostConstruct
    void start() {
        thread = MemberThreads.scheduled("sluice-failure-suspensions");
        membership = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent event) {}

            @Override
            public void memberRemoved(MembershipEvent event) {
                execute(FailureSuspensions.this::adoptJobs);
            }
        });
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
        try {
            if (hazelcast.getLifecycleService().isRunning()) {
                hazelcast.getCluster().removeMembershipListener(membership);
            }
        } catch (HazelcastInstanceNotActiveException e) {
            // gone already
        }
    }

    /** Settles {@code job} as soon as Jet suspends it for a failure, from now until it ends. */
    void watch(Job job) {
        long jetJobId = job.getId();
        if (!watched.add(jetJobId)) {
            return;
        }
        try {
            job.addStatusListener(event -> {
                if (event.getNewStatus().isTerminal()) {
                    watched.remove(jetJobId);
                    resumes.remove(jetJobId);
                } else if (event.getNewStatus() == JobStatus.SUSPENDED && !event.isUserRequested()) {
                    execute(() -> settle(job));
                }
            });
        } catch (RuntimeException e) {
            watched.remove(jetJobId);
            log.debug("Could not watch Jet job {}", job.getIdString(), e);
        }
    }

    /** Whether this member listens to the Jet job {@code jetJobId}. */
    boolean watches(long jetJobId) {
        return watched.contains(jetJobId);
    }

    /** How often this member resumed the Jet job {@code jetJobId} (until it ends). */
    int resumesOf(long jetJobId) {
        return resumes.getOrDefault(jetJobId, 0);
    }

    private void execute(Runnable task) {
        schedule(task, 0);
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            thread.schedule(
                    () -> {
                        try {
                            task.run();
                        } catch (HazelcastInstanceNotActiveException e) {
                            // this member is leaving
                        } catch (RuntimeException e) {
                            log.warn("Could not settle the jobs Jet suspended for a failure", e);
                        }
                    },
                    delayMillis,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    /**
     * On the master, after a member left: watches every Sluice job that has not ended (the member that
     * started it, and listened, may be the one gone), and settles those Jet holds suspended already.
     */
    private void adoptJobs() {
        if (!hazelcast.getCluster().getMembers().iterator().next().localMember()) {
            return;
        }
        for (Job job : CoordinatorCalls.retried(() -> hazelcast.getJet().getJobs())) {
            if (DataLossMonitor.sluiceJobId(job.getName()) == null) {
                continue;
            }
            JobStatus status = CoordinatorCalls.status(job);
            if (!status.isTerminal()) {
                watch(job);
            }
            if (status == JobStatus.SUSPENDED) {
                settle(job);
            }
        }
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

    /** Resumes {@code job}, a Sluice job, or fails it, if Jet holds it suspended for an error. */
    private void settle(Job job) {
        settle(job, 1);
    }

    private void settle(Job job, int attempt) {
        JobSuspensionCause cause;
        try {
            cause = job.getSuspensionCause();
        } catch (IllegalStateException notRecorded) {
            // Jet announces the status a moment before it records the cause: ask again while it reads
            // SUSPENDED (a job that is not suspended, or no longer, is left alone)
            if (attempt < CAUSE_ATTEMPTS && CoordinatorCalls.status(job) == JobStatus.SUSPENDED) {
                schedule(() -> settle(job, attempt + 1), CAUSE_RETRY_MILLIS);
            }
            return;
        }
        if (!cause.dueToError()) {
            return;
        }
        String id = DataLossMonitor.sluiceJobId(job.getName());
        long jetJobId = job.getId();
        String failure = cause.errorCause();
        String text = failureText(failure);
        String firstLine = text.lines().findFirst().orElse(text);
        int resumed = resumes.getOrDefault(jetJobId, 0);
        try {
            if (JetFaults.resumable(failure) && resumed < MAX_RESUMES) {
                resumes.put(jetJobId, resumed + 1);
                log.warn("Job {} failed in Jet itself ({}); resuming it from its last snapshot", id, firstLine);
                job.resume();
            } else {
                if (hazelcast
                                .<String, String>getMap(DataLossMonitor.FAILURES_MAP)
                                .putIfAbsent(id, text)
                        == null) {
                    log.info("Job {} failed ({}); ending it", id, firstLine);
                }
                job.cancel();
            }
        } catch (IllegalStateException alreadyChanged) {
            // another member resumed or cancelled it, or it ended meanwhile
        }
    }
}
