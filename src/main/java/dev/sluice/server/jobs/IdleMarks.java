package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import java.io.Serializable;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The marks of the jobs the service suspended for idle input ({@value #MAP}, one {@link Mark} per job,
 * under the job's key, so owned by the member that owns its record), and what this member knows of
 * them: which it marked, and which of those it has seen suspended by Jet (settled, {@link IdleSettling}).
 * {@link IdleSuspender} marks a job before it asks Jet to suspend it, and drops the mark once the job
 * woke, ended or became a user's.
 */
final class IdleMarks {

    /** Per job the service suspended for idle input: the mark ({@link Mark}). */
    static final String MAP = "sluice.job-idle";

    /**
     * What the input log was when the job was marked idle, and when.
     *
     * @param since when it was marked, epoch milliseconds
     * @param batches the input's batches then
     * @param closed whether the input was closed then
     */
    record Mark(long since, long batches, boolean closed) implements Serializable {

        /** Whether input came (or the input was closed) after the mark. */
        boolean outdatedBy(JobStore.InputLog now) {
            JobStore.InputLog log = now == null ? JobStore.InputLog.EMPTY : now;
            return log.batches() != batches || log.closed() != closed;
        }
    }

    private final HazelcastInstance hazelcast;

    /** The jobs this member marked idle, as far as it knows. */
    private final Set<String> markedHere = ConcurrentHashMap.newKeySet();

    /**
     * The marked jobs this member has seen suspended by Jet: they stay so until a resume (which their input's
     * listener brings), so a sweep skips them between full looks. A marked job not yet settled is looked at by
     * every sweep, so that it settles a sweep after Jet suspended it rather than at the next full look: the
     * settling reads the job's record and Jet's status, and 500 jobs settling at once cost a core for a second.
     */
    private final Set<String> settledHere = ConcurrentHashMap.newKeySet();

    IdleMarks(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    /** The mark of a job, or {@code null}. */
    Mark get(String id) {
        return marks().get(id);
    }

    /** The marks of those of {@code ids} that have one. */
    Map<String, Mark> getAll(Set<String> ids) {
        return marks().getAll(ids);
    }

    /** Marks a job this member is about to suspend. */
    void mark(String id, Mark mark) {
        marks().set(id, mark);
        markedHere.add(id);
    }

    /** Replaces a job's mark if it is still {@code mark}; whether it was. */
    boolean replace(String id, Mark mark, Mark with) {
        return marks().replace(id, mark, with);
    }

    /** Drops a job's mark if it is still {@code mark}: the job is no longer idle. */
    void unmark(String id, Mark mark) {
        markedHere.remove(id);
        settledHere.remove(id);
        marks().remove(id, mark);
    }

    /** A user's own suspend takes an idle job over: it stays suspended until they resume it. */
    void forget(String id) {
        markedHere.remove(id);
        marks().delete(id);
    }

    /** Whether the service suspended the job for idle input. */
    boolean isIdle(String id) {
        return marks().containsKey(id);
    }

    /** A full sweep: forgets what this member knew of the jobs whose records it no longer owns. */
    void retainOwned(Set<String> owned) {
        markedHere.retainAll(owned);
        settledHere.retainAll(markedHere);
    }

    /** The jobs a sweep found marked: at a full sweep, every marked job whose record this member owns. */
    void found(Set<String> marked, boolean full) {
        if (full) {
            markedHere.retainAll(marked);
        }
        markedHere.addAll(marked);
    }

    /** Those of {@code ids} that this member has not seen settled. */
    Set<String> withoutSettled(Set<String> ids) {
        Set<String> left = new HashSet<>(ids);
        left.removeAll(settledHere);
        return left;
    }

    /** Whether this member has seen the marked job suspended by Jet. */
    boolean isSettled(String id) {
        return settledHere.contains(id);
    }

    /** This member has seen the marked job suspended by Jet. */
    void settled(String id) {
        settledHere.add(id);
    }

    private IMap<String, Mark> marks() {
        return hazelcast.getMap(MAP);
    }
}
