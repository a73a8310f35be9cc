package dev.sluice.execution.jet;

import dev.sluice.dataflow.EpochItem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The inputs of the finite runs submitted from this JVM's member, which coordinates them: held here
 * while the run goes on, so that the run's DAG carries a key instead of the input (and so does the
 * execution plan of a run that this member runs alone). Jet serializes both even for a light job on the
 * member that submits it, and Java serialization of a large input (every item written, then read back
 * as a copy) was a tenth of a single member's run.
 *
 * <p>A run opens its input before its job starts and closes it once the job is over (done, failed or
 * cancelled), so that a run leaves nothing behind; a key read after that, or in another JVM, is
 * refused.
 *
 * @see RoundRobinInput#inThisJvm
 */
final class RunInputs {

    private static final Map<String, List<? extends EpochItem<?>>> OPEN = new ConcurrentHashMap<>();

    private RunInputs() {}

    static void open(String key, List<? extends EpochItem<?>> items) {
        if (OPEN.putIfAbsent(key, items) != null) {
            throw new IllegalStateException("the input " + key + " is already held here");
        }
    }

    @SuppressWarnings("unchecked")
    static <I> List<EpochItem<I>> get(String key) {
        List<? extends EpochItem<?>> items = OPEN.get(key);
        if (items == null) {
            throw new IllegalStateException("the run's input " + key + " is not held in this JVM: its run has "
                    + "ended, or its job was sent to another JVM, which an input held in the JVM that started it "
                    + "cannot reach");
        }
        return (List<EpochItem<I>>) items;
    }

    static void close(String key) {
        OPEN.remove(key);
    }

    /** How many inputs are held now (for tests: a run must leave none). */
    static int held() {
        return OPEN.size();
    }
}
