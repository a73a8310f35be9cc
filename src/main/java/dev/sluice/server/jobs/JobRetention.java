package dev.sluice.server.jobs;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.query.Predicates;
import dev.sluice.server.config.SluiceProperties;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Bounded memory for jobs that run for months: every member, for the jobs whose entries it owns,
 * <ul>
 *   <li>drops the http input every input worker has passed for good ({@link InputTrimmer}), when a
 *       worker reports a new position ({@link InputPositions});</li>
 *   <li>keeps each job's http output to its window ({@link OutputWindow}): the last {@code count}
 *       pairs, committed within {@code ageMillis}; offsets below go, and {@value JobStore#OUTPUT_FIRST}
 *       says where the output now starts, so that readers get {@code 410};</li>
 *   <li>erases a finished job ({@link JobEraser}) once {@code sluice.jobs.retention} has passed since
 *       it ended, and records the end of a job whose starting member left before it could;</li>
 *   <li>drops a job's meters on this member when its record goes, whoever removed it.</li>
 * </ul>
 * Work is driven by local entry listeners (a member hears of the entries it owns), so an idle job
 * costs nothing: one thread per member does it, {@value #TICK_MILLIS} ms after a change (changes in
 * between are taken together), and again every {@value #TICK_MILLIS} ms while a job has an age window
 * open. Erasing finished jobs and recording lost ends run every {@value #EXPIRE_EVERY_MILLIS} ms, so
 * an idle member wakes this thread once a second, not five times.
 *
 * <p>The age of output is told by marks this member takes as commits come (the offset reached and
 * when), at most one per {@code ageMillis / 32}: a pair goes when a mark at or beyond it is older than
 * the age, so it stays up to a thirty-second of the age longer. The marks are this member's: after
 * the entry moved to another member (one left or joined), ages count from when the new owner first
 * saw a commit, so output is kept longer, never shorter.
 */
@Component
class JobRetention {

    static final long TICK_MILLIS = 200;
    private static final long EXPIRE_EVERY_MILLIS = 1000;
    private static final long RECONCILE_EVERY_MILLIS = 10_000;
    private static final int AGE_MARKS = 32;

    private static final Logger log = LoggerFactory.getLogger(JobRetention.class);

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final JobMeters meters;
    private final long retentionMillis;
    private final InputTrimmer inputTrimmer;
    private final JobEraser eraser;
    private final Set<String> inputChanged = ConcurrentHashMap.newKeySet();
    private final Set<String> outputChanged = ConcurrentHashMap.newKeySet();
    /** Per job with an age window: (offset reached, when) marks, oldest first. Owned by the tick thread. */
    private final Map<String, Deque<long[]>> ageMarks = new ConcurrentHashMap<>();

    private final Map<String, OutputWindow> windows = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;
    /** Whether a trimming tick is scheduled and has not started: changes meanwhile are its work too. */
    private final AtomicBoolean tickPending = new AtomicBoolean();

    private long lastExpiry;
    private long lastReconcile;
    /**
     * Whether this member may own an end to expire: set by its local listener on the ends, cleared by a
     * scan that found none, so that a member without finished jobs does not scan every second.
     */
    private volatile boolean endsOwned = true;

    JobRetention(HazelcastInstance hazelcast, JobService jobs, JobMeters meters, SluiceProperties properties) {
        this.hazelcast = hazelcast;
        this.store = jobs.store();
        this.meters = meters;
        this.retentionMillis = properties.jobs().retention().toMillis();
        this.inputTrimmer = new InputTrimmer(hazelcast, store);
        this.eraser = new JobEraser(hazelcast, store);
    }

    @PostConstruct
    void start() {
        ticker = MemberThreads.scheduled("sluice-job-retention"); // first: the listeners below schedule on it
        // the listeners live as long as the member, which lives as long as this bean's context
        hazelcast
                .<String, InputPositions>getMap(InputPositions.MAP)
                .addLocalEntryListener(
                        new Changed<InputPositions>(inputChanged, this::scheduleTick), Predicates.alwaysTrue(), false);
        hazelcast
                .<String, JobStore.OutputLog>getMap(JobStore.OUTPUT_LOGS)
                .addLocalEntryListener(
                        new Changed<JobStore.OutputLog>(outputChanged, this::scheduleTick),
                        Predicates.alwaysTrue(),
                        false);
        hazelcast
                .<String, Long>getMap(JobStore.ENDS)
                .addLocalEntryListener(
                        (EntryAddedListener<String, Long>) added -> endsOwned = true, Predicates.alwaysTrue(), false);
        // every member drops its own meters of a job, whichever member erased it
        store.jobs()
                .addEntryListener(
                        (EntryRemovedListener<String, JobRecord>) removed -> {
                            String id = removed.getKey();
                            meters.forget(id);
                            windows.remove(id);
                            ageMarks.remove(id);
                        },
                        false);
        ticker.scheduleWithFixedDelay(this::housekeep, EXPIRE_EVERY_MILLIS, EXPIRE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Trims {@value #TICK_MILLIS} ms from now, unless a trim is already waiting to start. */
    private void scheduleTick() {
        if (tickPending.compareAndSet(false, true)) {
            try {
                ticker.schedule(this::tick, TICK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                // the member is stopping
            }
        }
    }

    @PreDestroy
    void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    /** Marks a job whose entry on this member was added or updated, and asks for a trim. */
    private record Changed<V>(Set<String> changed, Runnable trim)
            implements EntryAddedListener<String, V>, EntryUpdatedListener<String, V> {
        @Override
        public void entryAdded(EntryEvent<String, V> event) {
            changed.add(event.getKey());
            trim.run();
        }

        @Override
        public void entryUpdated(EntryEvent<String, V> event) {
            changed.add(event.getKey());
            trim.run();
        }
    }

    private void tick() {
        tickPending.set(false); // first: a change from now on schedules the next tick
        sweep(() -> {
            long now = System.currentTimeMillis();
            for (String id : ChangedJobs.drain(inputChanged)) {
                inputTrimmer.trim(id);
            }
            Set<String> output = ChangedJobs.drain(outputChanged);
            output.addAll(ageMarks.keySet());
            for (String id : output) {
                trimOutput(id, now);
            }
        });
        if (!ageMarks.isEmpty()) {
            scheduleTick(); // output ages with no change
        }
    }

    /** Runs every {@value #EXPIRE_EVERY_MILLIS} ms. */
    private void housekeep() {
        sweep(() -> {
            long now = System.currentTimeMillis();
            // without ends of its own, the member looks for migrated ones only at the reconcile's pace
            if (endsOwned || now - lastExpiry >= RECONCILE_EVERY_MILLIS) {
                lastExpiry = now;
                expire(now);
            }
            if (now - lastReconcile >= RECONCILE_EVERY_MILLIS) {
                lastReconcile = now;
                recordLostEnds();
            }
        });
    }

    /** Runs one sweep on the ticker; a failed one is left to the next, and a stopped member stops the ticker. */
    private void sweep(Runnable work) {
        try {
            work.run();
        } catch (HazelcastInstanceNotActiveException e) {
            ticker.shutdown();
        } catch (RuntimeException e) {
            log.debug("a retention sweep failed; the next one tries again", e);
        }
    }

    /** Keeps a job's output to its window. */
    void trimOutput(String id, long now) {
        OutputWindow window = windows.computeIfAbsent(id, this::windowOf);
        if (window == null || !store.jobs().containsKey(id)) {
            windows.remove(id);
            ageMarks.remove(id);
            return;
        }
        long next = store.outputCount(id);
        long first = store.firstOutput(id);
        long keepFrom = window.firstByCount(next);
        if (window.hasAge()) {
            keepFrom = Math.max(keepFrom, firstByAge(id, window.ageMillis(), next, now));
        }
        if (keepFrom <= first) {
            return;
        }
        // the start moves first: a reader then gets 410 for what is about to go, never a missing pair
        hazelcast.<String, Long>getMap(JobStore.OUTPUT_FIRST).set(id, keepFrom);
        JobEraser.deleteRange(hazelcast.getMap(JobStore.OUTPUT_PAIRS), id, first, keepFrom);
    }

    private OutputWindow windowOf(String id) {
        JobRecord record = store.jobs().get(id);
        return record == null || !record.output().isHttp() ? null : record.outputRetention();
    }

    /** The first offset younger than the age, by this member's marks; takes a mark for {@code next} now. */
    private long firstByAge(String id, long ageMillis, long next, long now) {
        Deque<long[]> marks = ageMarks.computeIfAbsent(id, key -> new ArrayDeque<>());
        long every = Math.max(TICK_MILLIS, ageMillis / AGE_MARKS);
        long[] last = marks.peekLast();
        if (last == null || now - last[1] >= every) {
            if (last == null || last[0] < next) {
                marks.addLast(new long[] {next, now});
            }
        } else if (last[0] < next) {
            last[0] = next;
            last[1] = now;
        }
        long keepFrom = 0;
        while (!marks.isEmpty() && now - marks.peekFirst()[1] >= ageMillis) {
            keepFrom = marks.pollFirst()[0];
        }
        return keepFrom;
    }

    /** Erases the finished jobs of this member whose retention has passed. */
    private void expire(long now) {
        IMap<String, Long> ends = hazelcast.getMap(JobStore.ENDS);
        endsOwned = false; // first: an end added meanwhile sets it again
        Set<String> owned = ends.localKeySet();
        if (!owned.isEmpty()) {
            endsOwned = true;
        }
        for (String id : owned) {
            Long endedAt = ends.get(id);
            if (endedAt != null && now - endedAt >= retentionMillis && eraser.erase(id)) {
                log.info("job {} erased: it ended {} ms ago, longer than its retention", id, now - endedAt);
            }
        }
    }

    /**
     * Records the end of every job of this member that has ended without it being recorded (its
     * starting member left first), so that it expires and stops counting as running.
     */
    private void recordLostEnds() {
        Set<String> open = new HashSet<>(store.jobs().localKeySet());
        if (open.isEmpty()) {
            return;
        }
        open.removeAll(
                hazelcast.<String, Long>getMap(JobStore.ENDS).getAll(open).keySet());
        if (open.isEmpty()) {
            return;
        }
        // the records first: a job's Jet job is submitted before its record is stored, so each is in the list
        Collection<JobRecord> records = store.jobs().getAll(open).values();
        Optional<Map<Long, com.hazelcast.jet.core.JobStatus>> statuses = JetJobStatuses.read(hazelcast);
        for (JobRecord record : records) {
            com.hazelcast.jet.core.JobStatus status = JetJobStatuses.of(hazelcast, statuses, record.jetJobId());
            if (status == null || status.isTerminal()) {
                store.endOrNow(record.id());
            }
        }
    }
}
