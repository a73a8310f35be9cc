package dev.sluice.server.jobs;

import com.hazelcast.jet.Job;

/**
 * A job's status as clients see it: Jet's job status, but for a cancel, which reads {@link #CANCELLING}
 * from the request until the job has stopped and {@link #CANCELLED} after (Jet itself shows {@code
 * COMPLETING} and then {@code FAILED}), and for a suspend, which reads {@link #SUSPENDING} while Jet
 * takes the terminal snapshot (Jet shows {@code COMPLETING}) and {@link #SUSPENDED} after, and for a job
 * the service suspended itself because its input was idle ({@link #IDLE}).
 */
enum JobStatus {
    /** Submitted, not started yet. */
    NOT_RUNNING,
    /** Starting, or restarting after the cluster changed. */
    STARTING,
    /** Running. */
    RUNNING,
    /** A suspend was asked for ({@code POST /jobs/{id}/suspend}): Jet takes a terminal snapshot, then stops it. */
    SUSPENDING,
    /**
     * Suspended: it holds no thread and no worker, its input is still accepted and kept, and a resume
     * ({@code POST /jobs/{id}/resume}) reads on from its last snapshot. Jet also suspends a job by itself
     * when it fails, for a moment, until {@link FailureSuspensions} resumes it or fails it.
     */
    SUSPENDED,
    /**
     * Suspended by the service itself, not by a user: its http input had brought nothing new for {@code
     * sluice.jobs.idle-suspend-after} and it had read and saved everything, so it took a terminal
     * snapshot and holds no worker and no thread. The next input (or closing the input, or a resume)
     * resumes it from that snapshot, which takes a second or two; nothing is lost or repeated.
     */
    IDLE,
    /** Suspended while a snapshot is exported. */
    SUSPENDED_EXPORTING_SNAPSHOT,
    /** Its input has ended and it finishes: a last snapshot, the last output. */
    COMPLETING,
    /** A cancel was asked for ({@code DELETE}); the job is stopping. */
    CANCELLING,
    /** Finished: all its input went through. */
    COMPLETED,
    /** A step threw, or data was lost: {@code failure} says why. */
    FAILED,
    /** Cancelled by a {@code DELETE}. */
    CANCELLED,
    /** The cluster no longer knows its Jet job (it was cleaned up, or lost with members). */
    UNKNOWN;

    /** Whether a job in this status can produce no more output. */
    boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED || this == UNKNOWN;
    }

    /**
     * The status of a Jet job, {@code cancelAsked} when a {@code DELETE} asked to cancel it and
     * {@code suspendAsked} when a suspend was asked for and no resume since.
     *
     * @param job the Jet job, or null when the cluster no longer knows it
     */
    static JobStatus of(Job job, boolean cancelAsked, boolean suspendAsked, boolean idleSuspended) {
        if (job == null) {
            return UNKNOWN;
        }
        com.hazelcast.jet.core.JobStatus jet = job.getStatus();
        return of(
                jet,
                jet == com.hazelcast.jet.core.JobStatus.FAILED && job.isUserCancelled(),
                cancelAsked,
                suspendAsked,
                idleSuspended);
    }

    /**
     * The same from a Jet status already read ({@code userCancelled}: whether a failed job was cancelled
     * by a user), so that a caller reading many jobs asks Jet once per job.
     *
     * @param jet the Jet job's status, or null when the cluster no longer knows it
     * @param idleSuspended whether the service suspended it for idle input ({@link IdleSuspender})
     */
    static JobStatus of(
            com.hazelcast.jet.core.JobStatus jet,
            boolean userCancelled,
            boolean cancelAsked,
            boolean suspendAsked,
            boolean idleSuspended) {
        if (jet == null) {
            return UNKNOWN;
        }
        if (jet == com.hazelcast.jet.core.JobStatus.FAILED && userCancelled) {
            return CANCELLED;
        }
        if (!jet.isTerminal() && cancelAsked) {
            return CANCELLING;
        }
        if (jet == com.hazelcast.jet.core.JobStatus.COMPLETING && suspendAsked) {
            return SUSPENDING;
        }
        if (idleSuspended
                && !suspendAsked
                && (jet == com.hazelcast.jet.core.JobStatus.COMPLETING
                        || jet == com.hazelcast.jet.core.JobStatus.SUSPENDED)) {
            return IDLE;
        }
        return valueOf(jet.name());
    }
}
