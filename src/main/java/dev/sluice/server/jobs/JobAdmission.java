package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.sluice.server.jobs.JobExceptions.TooManyJobsException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code sluice.jobs.max-running}, across the cluster: a job starts only while fewer run. Running jobs
 * are the records without an end ({@value JobStore#JOBS} minus {@value JobStore#ENDS}; {@link
 * JobRetention} records the end of a job whose starting member left before it could) plus the starts
 * in flight, which hold a place in {@value #PENDING} from the count until their record is stored. The
 * count and the place are taken under one cluster lock, so concurrent starts on any members never
 * overshoot; the lock is not held while the job is submitted.
 */
final class JobAdmission {

    static final String PENDING = "sluice.job-starts";

    /** A place a start that died half-way holds at most. */
    private static final long PENDING_TTL_SECONDS = 60;

    private static final String LOCK = "admission";

    private final HazelcastInstance hazelcast;
    private final int maxRunning;

    JobAdmission(HazelcastInstance hazelcast, int maxRunning) {
        this.hazelcast = hazelcast;
        this.maxRunning = maxRunning;
    }

    /**
     * Starts job {@code id} with {@code start} (which stores its record) if fewer than the limit run.
     *
     * @throws TooManyJobsException when as many run
     */
    <T> T admit(String id, Supplier<T> start) {
        IMap<String, Long> pending = hazelcast.getMap(PENDING);
        pending.lock(LOCK);
        try {
            long running = running(pending);
            if (running >= maxRunning) {
                throw new TooManyJobsException(running, maxRunning);
            }
            pending.set(id, System.currentTimeMillis(), PENDING_TTL_SECONDS, TimeUnit.SECONDS);
        } finally {
            pending.unlock(LOCK);
        }
        try {
            return start.get();
        } finally {
            pending.delete(id);
        }
    }

    /**
     * The records without an end, plus the starts in flight. Only the ends of records still there
     * count: an end can outlive its record (a finished job erased by {@code DELETE} just before the
     * callback of its starting member recorded the end), and counted, such an end let one job too many
     * start, for good.
     */
    private long running(IMap<String, Long> pending) {
        Set<String> records = hazelcast.<String, JobRecord>getMap(JobStore.JOBS).keySet();
        Set<String> ended =
                new HashSet<>(hazelcast.<String, Long>getMap(JobStore.ENDS).keySet());
        ended.retainAll(records);
        return records.size() - ended.size() + pending.size();
    }
}
