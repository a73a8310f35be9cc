package dev.sluice.execution.jet;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.core.test.TestInbox;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import com.hazelcast.jet.core.test.TestSupport;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.fn.OutputFn;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.log.CommitLogFn;
import dev.sluice.execution.log.LogInputFn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The processors under Jet's {@link TestSupport} with snapshots: after every call it saves the
 * processor's state, restores it into a new instance and goes on with that one, and it squeezes the
 * outbox (capacity one, full every other call). The output's commit protocol, which TestSupport does
 * not drive, is driven by hand.
 */
class ProcessorSnapshotTest {

    private static final Map<String, Queue<EpochItem<Object>>> OUTPUTS = new ConcurrentHashMap<>();

    /** Items in any order, watermarks ignored (a restored input announces its epoch again). */
    private static final BiPredicate<List<?>, List<?>> SAME_ITEMS_ANY_ORDER =
            (expected, actual) -> counts(expected).equals(counts(actual));

    @Test
    void keyedStateAndStashedEpochsSurviveASnapshotAfterEveryCall() {
        // the vertex of step 0 (stateful_map, a running total per key) with its capture, step 1
        Dataflow<KeyValue<String, Integer>, ?> flow = Dataflow.keyValueInput(String.class, Integer.class)
                .statefulMap(key -> 0, (Integer total, Integer value) -> StateUpdate.of(total + value, total + value))
                .capture();
        VertexPlan plan = new VertexPlan(flow.steps(), 1, 2);
        List<Object> input = new ArrayList<>();
        List<EpochItem<KeyValue<String, Integer>>> pairs = new ArrayList<>();
        for (int epoch = 0; epoch < 6; epoch++) {
            for (String key : List.of("a", "b", "c")) {
                EpochItem<KeyValue<String, Integer>> pair = of(epoch, KeyValue.of(key, epoch + key.charAt(0)));
                input.add(pair);
                pairs.add(pair);
            }
            if (epoch % 2 == 1) {
                input.add(new Watermark(epoch)); // epoch 5 waits for the end
            }
        }

        TestSupport.verifyProcessor(() -> new StepsProcessor(plan, new Workers(0, 1, 1)))
                .disableLogging()
                .input(input)
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .expectOutput(new ArrayList<>(Sluice.run(flow, pairs)));
    }

    @Test
    void aReduceEpochKeepsItsOpenEpochsAcrossSnapshots() {
        Dataflow<KeyValue<String, Integer>, ?> flow = Dataflow.keyValueInput(String.class, Integer.class)
                .reduceEpoch(Integer::sum)
                .capture();
        VertexPlan plan = new VertexPlan(flow.steps(), 1, 2);
        List<EpochItem<KeyValue<String, Integer>>> pairs = List.of(
                of(0, KeyValue.of("a", 1)),
                of(0, KeyValue.of("a", 2)),
                of(1, KeyValue.of("b", 5)),
                of(1, KeyValue.of("a", 1)),
                of(2, KeyValue.of("b", 1)));
        List<Object> input = new ArrayList<>(pairs);
        input.add(3, new Watermark(1));

        TestSupport.verifyProcessor(() -> new StepsProcessor(plan, new Workers(0, 1, 1)))
                .disableLogging()
                .input(input)
                .outputChecker(SAME_ITEMS_ANY_ORDER)
                .expectOutput(new ArrayList<>(Sluice.run(flow, pairs)));
    }

    @Test
    void aLogInputResumesWhereItsSnapshotWasWithoutLosingOrRepeatingAnItem() {
        // one worker of two: it takes the log's even items, and follows the epochs of the odd ones
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).map(i -> i * 10).capture();
        List<EpochItem<Object>> log =
                IntStream.range(0, 40).mapToObj(i -> of(i / 4, (Object) i)).toList();
        List<Object> expected = new ArrayList<>();
        for (int i = 0; i < 40; i += 2) {
            expected.add(of(i / 4, i * 10));
        }

        TestSupport.verifyProcessor(() ->
                        new InputProcessor(new VertexPlan(flow.steps(), 0, 1), new Workers(0, 1, 2), new ListLog(log)))
                .disableLogging()
                .disableProgressAssertion() // an advance marker is progress that the outbox does not see
                .outputChecker((wanted, got) -> withoutWatermarks(wanted).equals(withoutWatermarks(got)))
                .expectOutput(expected);
    }

    @Test
    void theOutputDirectlyGetsEveryPairOnceAcrossSnapshotsWithoutAGuarantee() {
        String name = "direct-" + System.nanoTime();
        OUTPUTS.put(name, new ConcurrentLinkedQueue<>());
        List<EpochItem<Object>> pairs = IntStream.range(0, 20)
                .mapToObj(i -> of(i / 5, (Object) ("p" + i)))
                .toList();

        TestSupport.verifyProcessor(() -> new OutputProcessor(
                        (worker, workers) -> OUTPUTS.get(name)::add, new int[] {3}, new Workers(0, 1, 1)))
                .disableLogging()
                .disableProgressAssertion() // an output offers nothing
                .executeBeforeEachRun(() -> OUTPUTS.get(name).clear()) // it runs once per mode
                .input(new ArrayList<>(pairs))
                .expectOutput(List.of());

        assertThat(OUTPUTS.get(name)).containsExactlyElementsOf(pairs);
    }

    /**
     * A commit staged in a snapshot is handed to the log when the snapshot completes; a restart from
     * that snapshot hands it over again, and the log keeps it once; a failed snapshot's pairs go with
     * the next commit; what a restored worker captures next commits with a later sequence.
     */
    @Test
    void theOutputCommitsWithSnapshotsAndARestartRepeatsNoCommit() {
        RecordingCommitLog log = new RecordingCommitLog();
        TestOutbox outbox = new TestOutbox(new int[] {16}, 1024);
        OutputProcessor first = commitOutput(log, outbox);

        first.process(0, new TestInbox(List.of(of(0, "a"), of(0, "b"))));
        assertThat(first.saveToSnapshot()).isTrue();
        assertThat(first.snapshotCommitFinish(false)).isTrue(); // the snapshot failed elsewhere
        first.process(0, new TestInbox(List.of(of(1, "c"))));
        assertThat(log.pairs).isEmpty();

        assertThat(first.saveToSnapshot()).isTrue();
        List<Map.Entry<Object, Object>> snapshot = new ArrayList<>();
        outbox.drainSnapshotQueueAndReset(snapshot, false);
        assertThat(first.snapshotCommitFinish(true)).isTrue();
        assertThat(log.pairs).containsExactly(of(0, "a"), of(0, "b"), of(1, "c"));

        // a restart from that snapshot, as if the commit might not have happened
        OutputProcessor restored = commitOutput(log, new TestOutbox(new int[] {16}, 1024));
        restored.restoreFromSnapshot(new TestInbox(new ArrayList<>(snapshot)));
        assertThat(restored.finishSnapshotRestore()).isTrue();
        assertThat(log.pairs).as("the restored commit was in already").hasSize(3);

        restored.process(0, new TestInbox(List.of(of(2, "d"))));
        assertThat(restored.complete()).isTrue();
        assertThat(log.pairs).containsExactly(of(0, "a"), of(0, "b"), of(1, "c"), of(2, "d"));
        assertThat(log.commits).containsExactly("0/2", "0/3");
    }

    private static OutputProcessor commitOutput(RecordingCommitLog log, TestOutbox outbox) {
        OutputProcessor processor = new OutputProcessor(log, new int[] {1}, new Workers(0, 1, 1));
        try {
            processor.init(outbox, new TestProcessorContext().setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return processor;
    }

    private static List<Object> withoutWatermarks(List<?> items) {
        return items.stream()
                .filter(item -> !(item instanceof Watermark))
                .map(Object.class::cast)
                .toList();
    }

    private static Map<Object, Integer> counts(List<?> items) {
        Map<Object, Integer> counts = new HashMap<>();
        withoutWatermarks(items).forEach(item -> counts.merge(item, 1, Integer::sum));
        return counts;
    }

    /** A closed log of fixed items. */
    private record ListLog(List<EpochItem<Object>> items) implements LogInputFn<Object> {
        @Override
        public Iterator<EpochItem<Object>> read(long from) {
            return items.subList((int) from, items.size()).iterator();
        }
    }

    /** A commit log that skips what it has, as {@link CommitLogFn} asks, recording each commit. */
    private static final class RecordingCommitLog implements CommitLogFn {
        final List<EpochItem<Object>> pairs = new ArrayList<>();
        final List<String> commits = new ArrayList<>();
        private final Map<Integer, Long> last = new HashMap<>();

        @Override
        public void commit(int writer, long sequence, List<EpochItem<Object>> committed) {
            if (last.getOrDefault(writer, -1L) >= sequence) {
                return;
            }
            last.put(writer, sequence);
            commits.add(writer + "/" + sequence);
            pairs.addAll(committed);
        }

        @Override
        public OutputFn build(int workerIndex, int workerCount) {
            throw new UnsupportedOperationException();
        }
    }
}
