package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import dev.sluice.server.jobs.IdleMarks.Mark;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether Jet carried out the suspends that {@link IdleSuspender} asked of it. A marked job settles
 * once Jet shows it suspended; its mark is dropped when a user took the job over or Jet shows it
 * running (the suspend was lost) or gone. A suspend Jet seemed to lose may still be carried out after
 * the mark was dropped: such a job is looked at again later, and resumed if it is suspended with no
 * mark to say why (an orphan).
 */
final class IdleSettling {

    /** How long after a suspend that Jet lost (it shows the job running) the job is looked at again. */
    private static final long RECHECK_MILLIS = 30_000;

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final IdleMarks marks;

    /** Jobs to look at again after a suspend Jet lost, and when. Owned by the sweep's thread. */
    private final Map<String, Long> rechecks = new ConcurrentHashMap<>();

    IdleSettling(HazelcastInstance hazelcast, JobStore store, IdleMarks marks) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.marks = marks;
    }

    /**
     * Idle jobs without new input: drops the mark of one a user took over (a suspend or a cancel of
     * theirs) or that Jet shows running (the suspend was lost; it is suspended again once idle), and
     * remembers the ones Jet has suspended. Reads each marker map once for all of them, and Jet's
     * statuses in one call ({@link JetJobStatuses}): hundreds of jobs settle in the same sweep.
     */
    void settle(Map<String, Mark> unsettled) {
        Set<String> ids = unsettled.keySet();
        Set<String> cancels =
                hazelcast.<String, Long>getMap(JobStore.CANCELS).getAll(ids).keySet();
        Set<String> suspends =
                hazelcast.<String, Long>getMap(JobStore.SUSPENDS).getAll(ids).keySet();
        Map<String, JobRecord> records = store.jobs().getAll(ids);
        Optional<Map<Long, com.hazelcast.jet.core.JobStatus>> statuses =
                ids.size() >= JobViewReader.BATCHED_STATUSES ? JetJobStatuses.read(hazelcast) : Optional.empty();
        unsettled.forEach((id, mark) -> {
            if (suspends.contains(id) || cancels.contains(id)) {
                marks.unmark(id, mark);
                return;
            }
            JobRecord record = records.get(id);
            com.hazelcast.jet.core.JobStatus status =
                    record == null ? null : JetJobStatuses.of(hazelcast, statuses, record.jetJobId());
            if (status == null || status == com.hazelcast.jet.core.JobStatus.RUNNING || status.isTerminal()) {
                marks.unmark(id, mark);
            } else if (status == com.hazelcast.jet.core.JobStatus.SUSPENDED) {
                marks.settled(id);
            }
        });
    }

    /** A marked job that Jet shows running (its mark just dropped) is looked at again in a while. */
    void recheckLater(String id) {
        rechecks.put(id, System.currentTimeMillis() + RECHECK_MILLIS);
    }

    /**
     * Resumes an orphan whose look again is due ({@link #resumeIfOrphaned}).
     *
     * @return whether it resumed the job
     */
    boolean recheckIfDue(String id, long now) {
        Long recheck = rechecks.get(id);
        if (recheck != null && now >= recheck) {
            rechecks.remove(id);
            return resumeIfOrphaned(id);
        }
        return false;
    }

    /**
     * A job Jet suspended though no mark says why: a suspend of this service that Jet carried out after
     * its mark was dropped (the owner changed in between). It is resumed, and suspended again once idle.
     */
    private boolean resumeIfOrphaned(String id) {
        JobRecord record = store.jobs().get(id);
        Job job = record == null ? null : hazelcast.getJet().getJob(record.jetJobId());
        if (job != null
                && job.getStatus() == com.hazelcast.jet.core.JobStatus.SUSPENDED
                && !store.suspendAsked(id)
                && !store.cancelAsked(id)
                && !marks.isIdle(id)) {
            job.resume();
            return true;
        }
        return false;
    }
}
