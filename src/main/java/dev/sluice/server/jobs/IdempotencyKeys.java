package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.sluice.server.jobs.JobExceptions.IdempotencyKeyInUseException;
import dev.sluice.server.jobs.JobExceptions.IdempotencyKeyReusedException;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.io.Serializable;

/**
 * What each {@code Idempotency-Key} started, kept in the cluster so that a retry sent to any member
 * finds the job the first request started ({@link JobStarter}); a job's key goes with it ({@link
 * JobEraser}).
 */
final class IdempotencyKeys {

    /** The map of keys to what they started. */
    static final String MAP = "sluice.job-idempotency-keys";

    /** The longest {@code Idempotency-Key} taken. */
    static final int MAX_KEY_LENGTH = 255;

    /** How long a retry waits for the job its key is starting, before it answers {@code 409}. */
    private static final long KEY_WAIT_MILLIS = 10_000;

    /**
     * What an {@code Idempotency-Key} started: the job's ID and what was asked, to tell a retry from a
     * different request that reuses the key.
     *
     * @param jobId the job it started (its record may not be stored yet)
     * @param request the flow and the request as it was read
     */
    record KeyUse(String jobId, String request) implements Serializable {}

    private final HazelcastInstance hazelcast;

    IdempotencyKeys(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /**
     * Checks a key as the request sent it.
     *
     * @throws InvalidJobRequestException for a key that is empty, too long or not printable ASCII
     */
    static void check(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidJobRequestException("the Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters (a UUID, say), got " + key.length() + " characters"
                    + (key.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? "" : " with some outside printable ASCII"));
        }
    }

    /**
     * Reserves {@code key} for a job about to start, atomically across the cluster.
     *
     * @return null when the key is now this request's, else what it was used for before
     */
    KeyUse reserve(String key, KeyUse use) {
        return hazelcast.<String, KeyUse>getMap(MAP).putIfAbsent(key, use);
    }

    /** Frees a key whose job did not start, so that a retry can start it. */
    void release(String key, KeyUse use) {
        hazelcast.<String, KeyUse>getMap(MAP).remove(key, use);
    }

    /**
     * The job an earlier request with the same key started, once its record is stored.
     *
     * @throws IdempotencyKeyReusedException when the earlier request was another one
     * @throws IdempotencyKeyInUseException when its record is not stored within {@value #KEY_WAIT_MILLIS} ms
     */
    JobRecord retried(String key, KeyUse earlier, KeyUse now, IMap<String, JobRecord> jobs) {
        if (!earlier.request().equals(now.request())) {
            throw new IdempotencyKeyReusedException("the Idempotency-Key '" + key + "' started job '" + earlier.jobId()
                    + "' with another request (" + earlier.request() + "); a retry must send the same flow and "
                    + "body, and a new job needs a new key");
        }
        long deadline = System.currentTimeMillis() + KEY_WAIT_MILLIS;
        while (true) {
            JobRecord record = jobs.get(earlier.jobId());
            if (record != null) {
                return record;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IdempotencyKeyInUseException("the job of the Idempotency-Key '" + key + "' (job '"
                        + earlier.jobId() + "') is still being started by another request; retry in a moment");
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IdempotencyKeyInUseException(
                        "interrupted while waiting for the job of the " + "Idempotency-Key '" + key + "' to start");
            }
        }
    }
}
