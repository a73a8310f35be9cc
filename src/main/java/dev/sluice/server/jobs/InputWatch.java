package dev.sluice.server.jobs;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.sluice.server.jobs.JobStore.InputLog;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What one member knows of every job's http input log, kept current by one listener on the
 * {@value JobStore#INPUT_LOGS} map: the readers of the jobs' inputs on this member look here (a local
 * read) to learn that a batch came, rather than each asking the cluster again and again. An input
 * nobody feeds so costs nothing: no thread, no request.
 *
 * <p>The listener is registered once per member, off the caller's thread; until it listens
 * ({@link #listening()}) readers ask the cluster themselves, and once it does they ask once more, for
 * what came before it listened. Events are not guaranteed (they can be dropped under load), so readers
 * still ask the cluster now and then.
 */
final class InputWatch
        implements EntryAddedListener<String, InputLog>,
                EntryUpdatedListener<String, InputLog>,
                EntryRemovedListener<String, InputLog> {

    private static final String USER_CONTEXT_KEY = "sluice.input-watch";

    private final ConcurrentMap<String, InputLog> logs = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> registered;

    private InputWatch(HazelcastInstance hazelcast) {
        registered = CompletableFuture.runAsync(
                () -> hazelcast.<String, InputLog>getMap(JobStore.INPUT_LOGS).addEntryListener(this, true),
                JobIo.executor());
    }

    /** The watch of a member, started on first use. */
    static InputWatch of(HazelcastInstance hazelcast) {
        return (InputWatch)
                hazelcast.getUserContext().computeIfAbsent(USER_CONTEXT_KEY, key -> new InputWatch(hazelcast));
    }

    /** Whether the listener is registered: from then on every change of a log reaches {@link #latest}. */
    boolean listening() {
        return registered.isDone() && !registered.isCompletedExceptionally();
    }

    /** The latest state of a job's input log this member was told of; {@code null} for none. */
    InputLog latest(String jobId) {
        return logs.get(jobId);
    }

    @Override
    public void entryAdded(EntryEvent<String, InputLog> event) {
        logs.merge(event.getKey(), event.getValue(), InputWatch::later);
    }

    @Override
    public void entryUpdated(EntryEvent<String, InputLog> event) {
        logs.merge(event.getKey(), event.getValue(), InputWatch::later);
    }

    @Override
    public void entryRemoved(EntryEvent<String, InputLog> event) {
        logs.remove(event.getKey());
    }

    /** The later of two states of one log (events may arrive out of order): more batches, or closed. */
    static InputLog later(InputLog a, InputLog b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        if (a.batches() != b.batches()) {
            return a.batches() > b.batches() ? a : b;
        }
        return b.closed() ? b : a;
    }
}
