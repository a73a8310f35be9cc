package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import dev.sluice.server.jobs.JobExceptions.JobStateConflictException;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * The lifecycle verbs of a running job, Jet's own: suspend (a terminal snapshot, then the job holds no
 * worker and no thread, while its http input still takes and keeps bodies), resume (from that
 * snapshot), restart (a running job stops and starts again from its last snapshot, on the members
 * there are now). Each needs a processing guarantee: without snapshots a job would start over and
 * repeat its output.
 *
 * <p>A verb that is already done answers the job as it is ({@link Transition#changed()} false), so a
 * client can repeat it safely; one the status does not allow is refused with a
 * {@link JobStateConflictException} that says what would work.
 */
@Service
class JobLifecycle {

    private final HazelcastInstance hazelcast;
    private final JobService jobs;
    private final IdleSuspender idle;

    JobLifecycle(HazelcastInstance hazelcast, JobService jobs, IdleSuspender idle) {
        this.hazelcast = hazelcast;
        this.jobs = jobs;
        this.idle = idle;
    }

    /**
     * What a verb did.
     *
     * @param job the job after it
     * @param changed whether it asked Jet for something ({@code 202}); false when the job was in that
     *     state already ({@code 200})
     */
    record Transition(JobView job, boolean changed) {}

    /**
     * Suspends a running job: it reads {@code SUSPENDING}, then {@code SUSPENDED}. A job the service
     * suspended for idle input ({@code IDLE}) becomes the user's: it stays suspended, input or not,
     * until they resume it.
     */
    Transition suspend(String id) {
        JobRecord record = jobs.recordOf(id);
        JobView job = jobs.get(id);
        if (job.status() == JobStatus.SUSPENDED || job.status() == JobStatus.SUSPENDING) {
            return new Transition(job, false);
        }
        if (job.status() == JobStatus.IDLE) {
            jobs.store().recordSuspend(id); // first: from now on nothing resumes it for input
            idle.forget(id);
            return new Transition(jobs.get(id), true);
        }
        requireSnapshots(record, "suspended", "resume");
        if (job.status() != JobStatus.RUNNING) {
            throw new JobStateConflictException(
                    "job '" + id + "' is " + job.status() + "; only a RUNNING job can be suspended");
        }
        jobs.store().recordSuspend(id);
        try {
            ask(record, Job::suspend, "suspended");
        } catch (RuntimeException e) {
            jobs.store().clearSuspend(id);
            throw e;
        }
        return new Transition(jobs.get(id), true);
    }

    /** Resumes a suspended job from its terminal snapshot. */
    Transition resume(String id) {
        JobRecord record = jobs.recordOf(id);
        JobView job = jobs.get(id);
        switch (job.status()) {
            case RUNNING, STARTING, NOT_RUNNING -> {
                return new Transition(job, false);
            }
            case SUSPENDED -> {
                jobs.store().clearSuspend(id);
                ask(record, Job::resume, "resumed");
                return new Transition(jobs.get(id), true);
            }
            case IDLE -> {
                idle.resume(id);
                return new Transition(jobs.get(id), true);
            }
            case SUSPENDING ->
                throw new JobStateConflictException("job '" + id + "' is SUSPENDING: it is taking "
                        + "its terminal snapshot; resume it once it is SUSPENDED");
            default ->
                throw new JobStateConflictException(
                        "job '" + id + "' is " + job.status() + "; only a SUSPENDED job can be resumed");
        }
    }

    /** Restarts a running job from its last snapshot. */
    Transition restart(String id) {
        JobRecord record = jobs.recordOf(id);
        JobView job = jobs.get(id);
        requireSnapshots(record, "restarted", "start over");
        if (job.status() != JobStatus.RUNNING) {
            throw new JobStateConflictException("job '" + id + "' is " + job.status()
                    + "; only a RUNNING job can be restarted"
                    + (job.status() == JobStatus.SUSPENDED || job.status() == JobStatus.IDLE
                            ? " (a " + job.status() + " one resumes: POST /jobs/" + id + "/resume"
                                    + (job.status() == JobStatus.IDLE ? ", or with its next input)" : ")")
                            : ""));
        }
        ask(record, Job::restart, "restarted");
        return new Transition(jobs.get(id), true);
    }

    private static void requireSnapshots(JobRecord record, String verb, String then) {
        if (record.snapshotIntervalMillis() <= 0) {
            throw new JobStateConflictException("job '" + record.id() + "' has no processing guarantee, so it "
                    + "cannot be " + verb + ": without a snapshot it would " + then + " from its first input and "
                    + "repeat its output; start it with \"processingGuarantee\": \"exactly-once\"");
        }
    }

    /** Asks Jet; a job that changed meanwhile (Jet refuses) is a conflict, said in Jet's words. */
    private void ask(JobRecord record, Consumer<Job> verb, String done) {
        Job job = hazelcast.getJet().getJob(record.jetJobId());
        if (job == null) {
            throw new JobStateConflictException(
                    "job '" + record.id() + "' is UNKNOWN to the cluster (its Jet job is gone); it cannot be " + done);
        }
        try {
            verb.accept(job);
        } catch (IllegalStateException e) {
            throw new JobStateConflictException("job '" + record.id() + "' could not be " + done + ": " + e.getMessage()
                    + "; see its status with GET /jobs/" + record.id());
        }
    }
}
