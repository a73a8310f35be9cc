package dev.sluice.server.jobs;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.jet.Job;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.jobs.IdleMarks.Mark;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Idle jobs cost nothing: a job with a processing guarantee and an http input that has brought nothing
 * new for {@code sluice.jobs.idle-suspend-after} is suspended by Jet with a terminal snapshot, and is
 * resumed from it when input comes again. A suspended job has no worker on any member, so Jet's shared
 * threads stop visiting it; it reads {@link JobStatus#IDLE}, which a client tells apart from a user's own
 * {@code SUSPENDED} (a user's suspend stays suspended: this never resumes a job a user suspended).
 *
 * <h2>Who decides</h2>
 * Each member looks after the jobs whose record it owns (the record, the input log and the mark share a
 * key, so they share a partition and an owner): a local listener on the input logs tells it when input
 * came, and a sweep every {@link #sweepMillis} suspends what has been quiet long enough. A job is
 * suspended only when every input worker of its current run has read the whole input and saved its
 * position in a committed snapshot ({@link InputPositions}): nothing it was given waits unread, and
 * the terminal snapshot commits the output still pending.
 *
 * <h2>Waking</h2>
 * Before it asks Jet to suspend a job, the member writes a mark ({@link IdleMarks}) holding the input log as
 * it was. Input accepted later changes the log, and a job whose log differs from its mark is resumed:
 * at once by the owner's listener, or by the next sweep if the event was lost or the owner changed. A
 * job still taking its terminal snapshot is resumed once Jet has suspended it. Nothing is lost in
 * between: the input is in the cluster before it is acknowledged, and the resumed job reads on from
 * its snapshot's positions, as after a user's suspend. Closing the input changes the log too, so a
 * closed job resumes and completes. Jet ignores a resume of a job that is not suspended, so two members
 * resuming it at once do no harm. A {@code DELETE} cancels an idle job as it is (Jet cancels a
 * suspended job without running it).
 *
 * <p>An idle job still counts against {@code sluice.jobs.max-running}: it resumes by itself, without
 * asking for a place.
 */
@Component
class IdleSuspender {

    private static final Logger log = LoggerFactory.getLogger(IdleSuspender.class);

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final long idleAfterMillis;
    private final IdleMarks marks;
    private final IdleSettling settling;

    /** When this member last heard of input to each job it owns (or first saw the job). */
    private final Map<String, Long> lastInput = new ConcurrentHashMap<>();
    /** Jobs whose input changed since the last look: woken if marked. */
    private final Set<String> changed = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    /** Whether each job may be suspended for idle input (its record never changes). Owned by the thread. */
    private final Map<String, Boolean> eligible = new ConcurrentHashMap<>();

    private long lastFullSweep;

    /**
     * The jobs whose records this member owned at the last full sweep, and those created here since: a
     * sweep in between reads no key set (a scan of every partition, once a second at a short idle time).
     * A job whose record moved here meanwhile is swept from the next full sweep on. Owned by the thread.
     */
    private Set<String> owned = new HashSet<>();

    /** Jobs whose records were created on this member since the last sweep (a local listener on the records). */
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    private ScheduledExecutorService thread;

    IdleSuspender(HazelcastInstance hazelcast, JobService jobs, SluiceProperties properties) {
        this.hazelcast = hazelcast;
        this.store = jobs.store();
        this.idleAfterMillis = properties.jobs().idleSuspendAfter().toMillis();
        this.marks = new IdleMarks(hazelcast);
        this.settling = new IdleSettling(hazelcast, store, marks);
    }

    /**
     * How often a member sweeps its jobs: a quarter of the idle time, at least every second and at most
     * every 15 s (also the pace at which a lost wake-up is made up for).
     */
    long sweepMillis() {
        return idleAfterMillis <= 0
                ? FULL_SWEEP_MILLIS
                : Math.max(1000, Math.min(FULL_SWEEP_MILLIS, idleAfterMillis / 4));
    }

    /**
     * How often a sweep also looks at the jobs marked idle (the wake-ups an event did not bring, the
     * suspends Jet lost); in between it looks only at the jobs this member has not seen settled, so that a
     * member with hundreds of suspended idle jobs reads nothing of them.
     */
    static final long FULL_SWEEP_MILLIS = 15_000;

    @PostConstruct
    void start() {
        thread = MemberThreads.scheduled("sluice-job-idle");
        // the listener lives as long as the member, which lives as long as this bean's context
        hazelcast
                .<String, JobStore.InputLog>getMap(JobStore.INPUT_LOGS)
                .addLocalEntryListener(new InputCame(), Predicates.alwaysTrue(), false);
        store.jobs()
                .addLocalEntryListener(
                        (EntryAddedListener<String, JobRecord>) event -> created.add(event.getKey()),
                        Predicates.alwaysTrue(),
                        false);
        long every = sweepMillis();
        thread.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /** Input came to a job this member owns: its idle time starts again, and it wakes if it was idle. */
    private final class InputCame
            implements EntryAddedListener<String, JobStore.InputLog>, EntryUpdatedListener<String, JobStore.InputLog> {
        @Override
        public void entryAdded(EntryEvent<String, JobStore.InputLog> event) {
            came(event.getKey());
        }

        @Override
        public void entryUpdated(EntryEvent<String, JobStore.InputLog> event) {
            came(event.getKey());
        }

        private void came(String id) {
            lastInput.put(id, System.currentTimeMillis());
            changed.add(id);
            if (wakeScheduled.compareAndSet(false, true)) {
                try {
                    thread.execute(IdleSuspender.this::wakeChanged);
                } catch (RuntimeException e) {
                    wakeScheduled.set(false); // shutting down
                }
            }
        }
    }

    private void wakeChanged() {
        wakeScheduled.set(false);
        try {
            Set<String> ids = ChangedJobs.drain(changed);
            if (ids.isEmpty()) {
                return;
            }
            Map<String, Mark> marked = marks.getAll(ids);
            if (marked.isEmpty()) {
                return;
            }
            Map<String, JobStore.InputLog> logs = inputLogs().getAll(marked.keySet());
            marked.forEach((id, mark) -> {
                if (mark.outdatedBy(logs.get(id))) {
                    wake(id, mark);
                }
            });
        } catch (HazelcastInstanceNotActiveException e) {
            thread.shutdown();
        } catch (RuntimeException e) {
            log.debug("waking idle jobs failed; the next sweep tries again", e);
        }
    }

    private void sweepQuietly() {
        try {
            sweep(System.currentTimeMillis());
        } catch (HazelcastInstanceNotActiveException e) {
            thread.shutdown();
        } catch (RuntimeException e) {
            log.debug("an idle sweep failed; the next one tries again", e);
        }
    }

    /** Wakes the idle jobs that got input, and suspends the jobs of this member that have been idle long enough. */
    void sweep(long now) {
        boolean full = now - lastFullSweep >= FULL_SWEEP_MILLIS;
        if (full) {
            lastFullSweep = now;
            owned = new HashSet<>(store.jobs().localKeySet());
            lastInput.keySet().retainAll(owned);
            eligible.keySet().retainAll(owned);
            marks.retainOwned(owned);
        }
        owned.addAll(ChangedJobs.drain(created));
        if (owned.isEmpty()) {
            return;
        }
        Set<String> local = owned;
        if (!full) {
            local = marks.withoutSettled(owned);
            if (local.isEmpty()) {
                return;
            }
        }
        Map<String, Mark> marked = marks.getAll(local);
        Map<String, JobStore.InputLog> logs = inputLogs().getAll(local);
        marks.found(marked.keySet(), full);
        List<String> quiet = new ArrayList<>();
        Map<String, Mark> unsettled = new HashMap<>();
        for (String id : local) {
            Mark mark = marked.get(id);
            if (mark != null) {
                if (mark.outdatedBy(logs.get(id))) {
                    wake(id, mark);
                } else if (now - mark.since() >= sweepMillis() && !marks.isSettled(id)) {
                    unsettled.put(id, mark);
                }
                continue;
            }
            if (settling.recheckIfDue(id, now)) {
                lastInput.put(id, System.currentTimeMillis());
            }
            long last = lastInput.computeIfAbsent(id, key -> now);
            if (idleAfterMillis > 0 && now - last >= idleAfterMillis && eligible(id)) {
                quiet.add(id);
            }
        }
        if (!unsettled.isEmpty()) {
            settling.settle(unsettled);
        }
        if (!quiet.isEmpty()) {
            suspendQuiet(quiet, logs, now);
        }
    }

    /** Suspends those of the quiet jobs that run, are not being cancelled or suspended, and have read everything. */
    private void suspendQuiet(List<String> quiet, Map<String, JobStore.InputLog> logs, long now) {
        Set<String> ids = new HashSet<>(quiet);
        Set<String> cancels =
                hazelcast.<String, Long>getMap(JobStore.CANCELS).getAll(ids).keySet();
        Set<String> suspends =
                hazelcast.<String, Long>getMap(JobStore.SUSPENDS).getAll(ids).keySet();
        Map<String, InputPositions> positions =
                hazelcast.<String, InputPositions>getMap(InputPositions.MAP).getAll(ids);
        Map<String, JobRecord> records = store.jobs().getAll(ids);
        int suspended = 0;
        for (String id : quiet) {
            JobRecord record = records.get(id);
            JobStore.InputLog input = logs.getOrDefault(id, JobStore.InputLog.EMPTY);
            if (record == null || cancels.contains(id) || suspends.contains(id) || input.closed()) {
                continue;
            }
            InputPositions at = positions.get(id);
            if (input.items() > 0 && (at == null || at.passed() < input.items())) {
                continue; // input not read yet, or not yet in a committed snapshot: not idle
            }
            Job job = hazelcast.getJet().getJob(record.jetJobId());
            if (job == null || job.getStatus() != com.hazelcast.jet.core.JobStatus.RUNNING) {
                continue;
            }
            Mark mark = new Mark(now, input.batches(), input.closed());
            marks.mark(id, mark);
            try {
                job.suspend();
                suspended++;
            } catch (IllegalStateException e) {
                marks.unmark(id, mark); // it stopped running meanwhile
            }
        }
        if (suspended > 0) {
            log.info(
                    "{} job(s) suspended: no new input for {} ms (sluice.jobs.idle-suspend-after); input resumes them",
                    suspended,
                    idleAfterMillis);
        }
    }

    /** Resumes an idle job that got input: now if Jet has suspended it, else once it has (the next sweep). */
    private void wake(String id, Mark mark) {
        JobRecord record = store.jobs().get(id);
        Job job = record == null ? null : hazelcast.getJet().getJob(record.jetJobId());
        com.hazelcast.jet.core.JobStatus status = job == null ? null : job.getStatus();
        if (status == null || status.isTerminal()) {
            marks.unmark(id, mark);
            return;
        }
        switch (status) {
            case SUSPENDED -> {
                if (!store.suspendAsked(id) && !store.cancelAsked(id)) {
                    job.resume();
                    log.info("Job {} of flow {} resumed: input came after it was idle", id, record.flow());
                }
                marks.unmark(id, mark);
                lastInput.put(id, System.currentTimeMillis());
            }
            case COMPLETING, SUSPENDED_EXPORTING_SNAPSHOT -> scheduleWake(id);
            default -> {
                // running again: Jet lost the suspend (a new coordinator), or another member resumed it
                marks.unmark(id, mark);
                settling.recheckLater(id);
            }
        }
    }

    /** Looks again soon at a job still taking its terminal snapshot. */
    private void scheduleWake(String id) {
        changed.add(id);
        try {
            thread.schedule(this::wakeChanged, 200, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            // shutting down; the owner's next sweep wakes it
        }
    }

    /** Whether a job may be suspended for idle input: with a processing guarantee and an http input. */
    private boolean eligible(String id) {
        return eligible.computeIfAbsent(id, key -> {
            JobRecord record = store.jobs().get(key);
            return record != null
                    && record.snapshotIntervalMillis() > 0
                    && record.input().isHttp();
        });
    }

    /**
     * A user's resume of an idle job ({@code POST /jobs/{id}/resume}): resumes it now, or once Jet has
     * suspended it.
     *
     * @return whether the job was idle
     */
    boolean resume(String id) {
        Mark mark = marks.get(id);
        if (mark == null) {
            return false;
        }
        // a mark no log matches: the owner resumes it like a job that got input
        Mark outdated = new Mark(mark.since(), -1, mark.closed());
        if (marks.replace(id, mark, outdated)) {
            JobRecord record = store.jobs().get(id);
            Job job = record == null ? null : hazelcast.getJet().getJob(record.jetJobId());
            if (job != null && job.getStatus() == com.hazelcast.jet.core.JobStatus.SUSPENDED) {
                job.resume();
                marks.unmark(id, outdated);
            }
        }
        return true;
    }

    /** A user's own suspend takes an idle job over: it stays suspended until they resume it. */
    void forget(String id) {
        marks.forget(id);
    }

    private IMap<String, JobStore.InputLog> inputLogs() {
        return hazelcast.getMap(JobStore.INPUT_LOGS);
    }
}
