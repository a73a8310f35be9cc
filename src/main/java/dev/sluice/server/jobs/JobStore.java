package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.jobs.JobExceptions.InputConflictException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.springframework.stereotype.Component;

/**
 * Where jobs live in the cluster, so that any member answers for any job: the records, the accepted
 * http input (in batches, each stored with a backup before it is acknowledged) and the captured http
 * output (one entry per offset). The idempotency keys are {@link IdempotencyKeys}'.
 *
 * <p>An http input is one stream in epoch order. Appending takes the job's input lock, so bodies sent
 * at once to different members are ordered, and refused whole when they would go backwards.
 */
@Component
final class JobStore {

    public static final String JOBS = "sluice.jobs";
    static final String INPUT_LOGS = "sluice.job-input";
    static final String INPUT_BATCHES = "sluice.job-input-batches";
    static final String OUTPUT_LOGS = "sluice.job-output";
    static final String OUTPUT_PAIRS = "sluice.job-output-pairs";
    static final String ENDS = "sluice.job-ends";
    static final String CANCELS = "sluice.job-cancels";
    static final String SUSPENDS = "sluice.job-suspends";
    /** The first output offset still kept, per job (absent: 0); see {@link JobRetention}. */
    static final String OUTPUT_FIRST = "sluice.job-output-first";

    /** Output pairs per {@code putAll}, so that a large commit does not build one huge operation. */
    private static final int PUT_BATCH = 8192;

    private final HazelcastInstance hazelcast;

    JobStore(HazelcastInstance hazelcast) {
        this.hazelcast = hazelcast;
    }

    HazelcastInstance hazelcast() {
        return hazelcast;
    }

    public IMap<String, JobRecord> jobs() {
        return hazelcast.getMap(JOBS);
    }

    /** Records when a job ended. */
    void recordEnd(String id, long endedAt) {
        // async: this runs on a Hazelcast thread that must not block
        hazelcast.<String, Long>getMap(ENDS).setAsync(id, endedAt);
    }

    /**
     * When a job ended: as recorded, or else now, recorded (the member that started the job, which
     * records its end as it happens, may have left).
     */
    Long endOrNow(String id) {
        long now = System.currentTimeMillis();
        IMap<String, Long> ends = hazelcast.getMap(ENDS);
        Long recorded = ends.putIfAbsent(id, now);
        if (recorded == null && !jobs().containsKey(id)) {
            // a view read the job just before it was erased (record first, then this map): its end
            // must not outlive it
            ends.remove(id, now);
        }
        return recorded != null ? recorded : now;
    }

    /** Records that a {@code DELETE} asked to cancel a job; whether it was the first to. */
    boolean recordCancel(String id) {
        return hazelcast.<String, Long>getMap(CANCELS).putIfAbsent(id, System.currentTimeMillis()) == null;
    }

    /** Whether a {@code DELETE} asked to cancel a job. */
    boolean cancelAsked(String id) {
        return hazelcast.<String, Long>getMap(CANCELS).containsKey(id);
    }

    /** Records that a suspend was asked for (until a resume): the job reads {@code SUSPENDING} meanwhile. */
    void recordSuspend(String id) {
        hazelcast.<String, Long>getMap(SUSPENDS).set(id, System.currentTimeMillis());
    }

    /** A resume was asked for: the suspend is over. */
    void clearSuspend(String id) {
        hazelcast.<String, Long>getMap(SUSPENDS).delete(id);
    }

    /** Whether a suspend was asked for and no resume since. */
    boolean suspendAsked(String id) {
        return hazelcast.<String, Long>getMap(SUSPENDS).containsKey(id);
    }

    // --- http input ---

    /**
     * The state of a job's http input.
     *
     * @param batches how many batches were accepted; batch {@code b} is at key {@code id/b}
     * @param items how many items in all
     * @param highestEpoch the highest epoch accepted, -1 before any
     * @param closed whether the input was closed
     */
    public record InputLog(long batches, long items, long highestEpoch, boolean closed) implements Serializable {
        static final InputLog EMPTY = new InputLog(0, 0, -1, false);
    }

    public InputLog inputLog(String id) {
        InputLog log = hazelcast.<String, InputLog>getMap(INPUT_LOGS).get(id);
        return log == null ? InputLog.EMPTY : log;
    }

    /** What retention left of a job's http input. */
    InputKept inputKept(String id) {
        InputKept kept = hazelcast.<String, InputKept>getMap(InputKept.MAP).get(id);
        return kept == null ? InputKept.NONE : kept;
    }

    /**
     * Checks that a body of {@code bytes} fits the job's input backlog now, before it is read: a full
     * backlog refuses it without the cost of reading it. {@link #appendInput} checks again.
     *
     * @throws JobExceptions.InputBacklogFullException when it does not fit
     */
    void requireRoom(String id, long bytes, long maxBacklogBytes) {
        requireRoom(id, inputKept(id), bytes, maxBacklogBytes);
    }

    private static void requireRoom(String id, InputKept kept, long bytes, long maxBacklogBytes) {
        long backlog = kept.backlogBytes();
        if (backlog > 0 && backlog + Math.max(bytes, 0) > maxBacklogBytes) {
            throw new JobExceptions.InputBacklogFullException(id, backlog, bytes, maxBacklogBytes);
        }
    }

    /** Appends one body's pairs, already ordered by epoch, with no backlog limit. */
    public InputLog appendInput(String id, List<EpochItem<Object>> pairs) {
        return appendInput(id, pairs, 0, Long.MAX_VALUE);
    }

    /** {@link #inputLog}, without waiting: for readers on Jet's shared threads. */
    CompletableFuture<InputLog> inputLogAsync(String id) {
        return hazelcast
                .<String, InputLog>getMap(INPUT_LOGS)
                .getAsync(id)
                .toCompletableFuture()
                .thenApply(log -> log == null ? InputLog.EMPTY : log);
    }

    /**
     * Appends one body's pairs, already ordered by epoch.
     *
     * @param bytes the body's size, counted against the job's backlog
     * @param maxBacklogBytes the most bytes the input may hold undropped; a body that would go over it is
     *     refused, unless the input holds nothing (so that any body within the request limit fits)
     * @return the input log after it
     * @throws InputConflictException when the input is closed or the body goes below an accepted epoch
     * @throws JobExceptions.InputBacklogFullException when the backlog is full
     */
    public InputLog appendInput(String id, List<EpochItem<Object>> pairs, long bytes, long maxBacklogBytes) {
        IMap<String, InputLog> logs = hazelcast.getMap(INPUT_LOGS);
        logs.lock(id);
        try {
            InputLog log = logs.getOrDefault(id, InputLog.EMPTY);
            if (log.closed()) {
                throw new InputConflictException("the input of job '" + id + "' is closed; it takes no more pairs");
            }
            if (pairs.isEmpty()) {
                return log;
            }
            long lowest = pairs.get(0).epoch();
            if (lowest < log.highestEpoch()) {
                throw new InputConflictException("epoch " + lowest + " is below epoch " + log.highestEpoch()
                        + ", the highest this job's input already accepted; an http input is one stream in "
                        + "epoch order, so a body may not go back (the whole body was refused)");
            }
            IMap<String, InputKept> keptMap = hazelcast.getMap(InputKept.MAP);
            InputKept kept = keptMap.getOrDefault(id, InputKept.NONE);
            requireRoom(id, kept, bytes, maxBacklogBytes);
            hazelcast
                    .<String, InputBatch>getMap(INPUT_BATCHES)
                    .set(id + "/" + log.batches(), new InputBatch(log.items(), new ArrayList<>(pairs), bytes));
            if (bytes > 0) {
                keptMap.set(
                        id,
                        new InputKept(
                                kept.firstBatch(),
                                kept.firstItem(),
                                kept.acceptedBytes() + bytes,
                                kept.droppedBytes()));
            }
            InputLog next = new InputLog(
                    log.batches() + 1,
                    log.items() + pairs.size(),
                    pairs.get(pairs.size() - 1).epoch(),
                    false);
            logs.set(id, next);
            return next;
        } finally {
            logs.unlock(id);
        }
    }

    /** Closes a job's http input: what was accepted is the whole input. Idempotent. */
    public InputLog closeInput(String id) {
        IMap<String, InputLog> logs = hazelcast.getMap(INPUT_LOGS);
        logs.lock(id);
        try {
            InputLog log = logs.getOrDefault(id, InputLog.EMPTY);
            InputLog closed = new InputLog(log.batches(), log.items(), log.highestEpoch(), true);
            logs.set(id, closed);
            return closed;
        } finally {
            logs.unlock(id);
        }
    }

    /**
     * One accepted body.
     *
     * @param start the index of its first pair in the job's whole input
     * @param pairs its pairs, in epoch order
     * @param bytes the size of the request body it came in
     */
    record InputBatch(long start, ArrayList<EpochItem<Object>> pairs, long bytes) implements Serializable {}

    /** One accepted batch, or {@code null} when it is not there (yet). */
    InputBatch inputBatch(String id, long batch) {
        return hazelcast.<String, InputBatch>getMap(INPUT_BATCHES).get(id + "/" + batch);
    }

    /** {@link #inputBatch}, without waiting: for readers on Jet's shared threads. */
    CompletableFuture<InputBatch> inputBatchAsync(String id, long batch) {
        return hazelcast
                .<String, InputBatch>getMap(INPUT_BATCHES)
                .getAsync(id + "/" + batch)
                .toCompletableFuture();
    }

    /**
     * The batch that holds the input's item {@code item}: the highest of the {@code batches} accepted
     * whose start is at or below it ({@code batches} itself when the item is beyond them all), among
     * those retention kept.
     *
     * <p>Retention may drop batches while the search runs; it records them as dropped first
     * ({@link InputTrimmer}), so a batch found missing below the first one kept now was dropped, and
     * the search goes on above it.
     *
     * @throws IllegalStateException when an accepted batch is missing: it was lost with members
     */
    long batchOf(String id, long item, long batches) {
        long low = Math.min(inputKept(id).firstBatch(), batches);
        long high = batches; // the answer is in [low, high]
        while (low < high) {
            long middle = (low + high + 1) >>> 1;
            InputBatch batch = inputBatch(id, middle - 1);
            if (batch == null) {
                long firstKept = inputKept(id).firstBatch();
                if (middle - 1 >= firstKept) {
                    throw lostBatch(id, middle - 1);
                }
                low = Math.min(firstKept, high);
                continue;
            }
            if (batch.start() + batch.pairs().size() <= item) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    static IllegalStateException lostBatch(String id, long batch) {
        return new IllegalStateException("batch " + batch + " of the input of job '" + id
                + "' was accepted but is missing: it was lost with members that left");
    }

    // --- http output ---

    /**
     * The head of a job's http output.
     *
     * @param next how many pairs it holds: the next offset
     * @param lastCommits per writer, the sequence of its last commit appended
     */
    record OutputLog(long next, HashMap<Integer, Long> lastCommits) implements Serializable {
        static final OutputLog EMPTY = new OutputLog(0, new HashMap<>());
    }

    /** How many pairs a job's http output holds: the next offset. */
    public long outputCount(String id) {
        OutputLog log = hazelcast.<String, OutputLog>getMap(OUTPUT_LOGS).get(id);
        return log == null ? 0 : log.next();
    }

    /** Appends captured pairs under the next offsets, atomically for the batch. */
    void appendOutput(String id, List<EpochItem<Object>> pairs) {
        commitOutput(id, -1, 0, pairs);
    }

    /**
     * Appends one commit of captured pairs under the next offsets, atomically, unless the writer's
     * commit {@code sequence} (or a later one) is in already. A negative writer appends without that
     * check. The pairs are written first, beyond the visible end, and then the head moves over them in
     * one write: a member lost in between leaves nothing visible, and the retry writes the same offsets.
     *
     * @return whether the pairs were appended
     */
    boolean commitOutput(String id, int writer, long sequence, List<EpochItem<Object>> pairs) {
        if (pairs.isEmpty()) {
            return false;
        }
        IMap<String, OutputLog> logs = hazelcast.getMap(OUTPUT_LOGS);
        logs.lock(id);
        try {
            OutputLog log = logs.getOrDefault(id, OutputLog.EMPTY);
            if (writer >= 0 && log.lastCommits().getOrDefault(writer, -1L) >= sequence) {
                return false;
            }
            long next = log.next();
            IMap<String, EpochItem<Object>> outputPairs = hazelcast.getMap(OUTPUT_PAIRS);
            Map<String, EpochItem<Object>> entries = new HashMap<>();
            for (EpochItem<Object> pair : pairs) {
                entries.put(id + "/" + next++, pair);
                if (entries.size() == PUT_BATCH) {
                    outputPairs.putAll(entries);
                    entries.clear();
                }
            }
            outputPairs.putAll(entries);
            HashMap<Integer, Long> lastCommits = new HashMap<>(log.lastCommits());
            if (writer >= 0) {
                lastCommits.put(writer, sequence);
            }
            logs.set(id, new OutputLog(next, lastCommits));
            return true;
        } finally {
            logs.unlock(id);
        }
    }

    /** The first output offset still kept: below it, retention dropped the pairs. */
    long firstOutput(String id) {
        Long first = hazelcast.<String, Long>getMap(OUTPUT_FIRST).get(id);
        return first == null ? 0 : first;
    }

    /**
     * The output pairs at offsets {@code [from, to)}, in offset order.
     *
     * @throws IllegalStateException when one is missing: it was lost with members (more at once than
     *     the maps keep backups for), and the reader must not take the rest for the whole output
     * @throws JobExceptions.OutputGoneException when one was dropped by the job's output retention
     */
    public List<EpochItem<Object>> output(String id, long from, long to) {
        Set<String> keys = new HashSet<>();
        for (long offset = from; offset < to; offset++) {
            keys.add(id + "/" + offset);
        }
        Map<String, EpochItem<Object>> found =
                hazelcast.<String, EpochItem<Object>>getMap(OUTPUT_PAIRS).getAll(keys);
        List<EpochItem<Object>> pairs = new ArrayList<>((int) (to - from));
        for (long offset = from; offset < to; offset++) {
            EpochItem<Object> pair = found.get(id + "/" + offset);
            if (pair == null) {
                long first = firstOutput(id);
                if (offset < first) {
                    throw new JobExceptions.OutputGoneException(id, offset, first);
                }
                throw new IllegalStateException("the output pair at offset " + offset + " of job '" + id
                        + "' is missing: it was lost with members that left");
            }
            pairs.add(pair);
        }
        return pairs;
    }
}
