package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.impl.JobExecutionRecord;
import com.hazelcast.jet.impl.JobRepository;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A running job's snapshots as Jet records them: the job execution record Jet's coordinator keeps in
 * the map {@value JobRepository#JOB_EXECUTION_RECORDS_MAP_NAME}. Jet's public API reports no snapshot
 * figures of a job ({@code Job.getMetrics()} has per-processor bytes and keys only), so this reads
 * Jet's own record: internal API of Hazelcast 5.5, kept to this one class. The record is gone once the
 * job has ended.
 */
public final class JetSnapshots {

    private JetSnapshots() {}

    /**
     * The last successful snapshot of a job, and the failure of the last one that failed.
     *
     * @param id the last successful snapshot's ID; Jet numbers every attempt from 0, so {@code id + 1}
     *     snapshots have been begun up to it; {@code -1} before the first
     * @param startedAt when it started, epoch milliseconds; {@code 0} before the first
     * @param completedAt when it completed, epoch milliseconds; {@code 0} before the first
     * @param durationMillis how long it took; {@code 0} before the first
     * @param bytes its size in bytes
     * @param lastFailure why the last snapshot that failed did, or {@code null}
     */
    public record Snapshots(
            long id, long startedAt, long completedAt, long durationMillis, long bytes, String lastFailure)
            implements Serializable {

        /** How many snapshots the job has begun up to its last successful one. */
        public long count() {
            return id + 1;
        }
    }

    /** What Jet records of a job's snapshots; empty once the job has ended, or for a light job. */
    public static Optional<Snapshots> of(HazelcastInstance hazelcast, long jetJobId) {
        JobExecutionRecord record = hazelcast
                .<Long, JobExecutionRecord>getMap(JobRepository.JOB_EXECUTION_RECORDS_MAP_NAME)
                .get(jetJobId);
        return record == null ? Optional.empty() : Optional.of(of(record));
    }

    /** The same for many jobs in one read, by Jet job ID; the jobs Jet has no record of are left out. */
    public static Map<Long, Snapshots> of(HazelcastInstance hazelcast, Set<Long> jetJobIds) {
        if (jetJobIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Snapshots> snapshots = new HashMap<>();
        hazelcast
                .<Long, JobExecutionRecord>getMap(JobRepository.JOB_EXECUTION_RECORDS_MAP_NAME)
                .getAll(jetJobIds)
                .forEach((id, record) -> snapshots.put(id, of(record)));
        return snapshots;
    }

    private static Snapshots of(JobExecutionRecord record) {
        JobExecutionRecord.SnapshotStats stats = record.snapshotStats();
        long id = record.snapshotId();
        return stats == null || id < 0
                ? new Snapshots(id, 0, 0, 0, 0, record.lastSnapshotFailure())
                : new Snapshots(
                        id,
                        stats.startTime(),
                        stats.endTime(),
                        stats.duration(),
                        stats.numBytes(),
                        record.lastSnapshotFailure());
    }
}
