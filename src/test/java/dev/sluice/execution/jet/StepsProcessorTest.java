package dev.sluice.execution.jet;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Watermark;
import com.hazelcast.jet.core.test.TestInbox;
import com.hazelcast.jet.core.test.TestOutbox;
import com.hazelcast.jet.core.test.TestProcessorContext;
import com.hazelcast.jet.core.test.TestSupport;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.Step;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.operators.Stage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The processors one by one: a keyed vertex's under Jet's {@link TestSupport}, which also squeezes the
 * outbox (capacity one, full every other call), so backpressure is exercised on every item; the
 * input's progress reporting against a recording outbox.
 */
class StepsProcessorTest {

    @Test
    void aWatermarkEmitsTheEpochsBelowItBeforeGoingOnAndCompletionEmitsTheRest() {
        // step 0 reduce_epoch, 1 capture | step 2 reduce_epoch, 3 capture: the processor of step 0
        Dataflow<KeyValue<String, Integer>, ?> flow = Dataflow.keyValueInput(String.class, Integer.class)
                .reduceEpoch(Integer::sum)
                .capture()
                .reduceEpoch(Integer::sum)
                .capture();
        VertexPlan plan = new VertexPlan(flow.steps(), 1, 2);

        TestSupport.verifyProcessor(() -> new StepsProcessor(plan, new Workers(0, 1, 1)))
                .disableSnapshots()
                // TestSupport sees progress of complete() on ordinal 0 only; this one emits on 1 too
                .disableProgressAssertion()
                .disableLogging()
                .input(List.of(
                        of(0, KeyValue.of("a", 1)),
                        of(0, KeyValue.of("a", 2)),
                        of(1, KeyValue.of("b", 5)),
                        new Watermark(1),
                        of(1, KeyValue.of("b", 1)),
                        of(2, KeyValue.of("a", 1))))
                .expectOutputs(List.of(
                        List.of(
                                of(0, KeyValue.of("a", 3)),
                                new Watermark(1),
                                of(1, KeyValue.of("b", 6)),
                                of(2, KeyValue.of("a", 1))),
                        List.of(of(0, KeyValue.of("a", 3)), of(1, KeyValue.of("b", 6)), of(2, KeyValue.of("a", 1)))));
    }

    /**
     * The Jet driver's vertices, each with the chain its processors build, wire the flow as the local
     * driver's one chain does: the same stages, and each capture on the ordinal the output expects.
     */
    @Test
    void theVerticesOfAFlowWireTheStagesOfTheLocalDriversChain() {
        List<Step> steps = Dataflow.input(String.class)
                .map(String::trim)
                .capture()
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture()
                .reduceEpochLocal(Integer::sum)
                .capture()
                .statefulMap(key -> 0, (Integer count, Integer value) -> StateUpdate.of(count + value, count))
                .capture()
                .steps();
        List<String> vertices = new ArrayList<>();
        List<String> ordinals = new ArrayList<>();
        for (VertexPlan plan : JetDataflow.vertexPlans(steps)) {
            StepsProcessor processor = new StepsProcessor(plan, new Workers(0, 1, 1));
            processor.init(new TestOutbox(1, 1, 1), new TestProcessorContext());
            processor.chain().stages().forEach(stage -> vertices.add(wiring(stage)));
            String next = plan.next() == null ? "last" : "next on 0";
            ordinals.add(next + ", captures " + processor.chain().captureCount());
        }

        List<String> local = WorkerChain.of(steps, (epoch, item) -> {}).stages().stream()
                .map(StepsProcessorTest::wiring)
                .toList();
        assertThat(vertices).containsExactlyElementsOf(local);
        assertThat(ordinals).containsExactly("next on 0, captures 1", "next on 0, captures 2", "last, captures 1");
    }

    private static String wiring(Stage stage) {
        return stage.stepIndex() + " " + stage.operator() + " "
                + stage.getClass().getSimpleName();
    }

    /**
     * A watermark whose results the outbox could not all take: Jet calls {@code tryProcess()} while no
     * input comes, and the rest must go then. They waited for the next input instead, so an http job's
     * epoch completed only when the epoch after the next one came in.
     */
    @Test
    void whatTheOutboxRefusedGoesOnWithoutFurtherInput() {
        Dataflow<KeyValue<String, Integer>, ?> flow = Dataflow.keyValueInput(String.class, Integer.class)
                .reduceEpoch(Integer::sum)
                .capture();
        StepsProcessor processor = new StepsProcessor(new VertexPlan(flow.steps(), 1, 2), new Workers(0, 1, 1));
        TestOutbox outbox = new TestOutbox(1);
        processor.init(outbox, new TestProcessorContext());
        TestInbox inbox = new TestInbox(
                List.of(of(0, KeyValue.of("a", 1)), of(0, KeyValue.of("b", 2)), of(0, KeyValue.of("c", 3))));
        processor.process(0, inbox);
        assertThat(inbox).isEmpty();

        assertThat(processor.tryProcessWatermark(new Watermark(1))).isTrue();
        List<Object> out = new ArrayList<>();
        outbox.drainQueueAndReset(0, out, false);
        boolean done = false;
        for (int call = 0; call < 5 && !done; call++) {
            done = processor.tryProcess();
            outbox.drainQueueAndReset(0, out, false);
        }

        assertThat(done).isTrue();
        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(0, KeyValue.of("a", 1)), of(0, KeyValue.of("b", 2)), of(0, KeyValue.of("c", 3)));
    }

    @Test
    void anInputWhoseStepsFilterOutAWholeCallStillTellsJetItMadeProgress() throws Exception {
        // Jet parks a non-cooperative processor that offers nothing, for up to 5 ms per call
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).filter(i -> false).capture();
        InputProcessor input = new InputProcessor(
                new VertexPlan(flow.steps(), 0, 1),
                new Workers(0, 1, 1),
                (worker, workers) -> IntStream.range(0, 100_000)
                        .mapToObj(i -> of(0, (Object) i))
                        .toList());
        RecordingOutbox outbox = new RecordingOutbox();
        input.init(outbox, new TestProcessorContext());

        boolean done = input.complete();

        assertThat(done).isFalse();
        assertThat(outbox.offers).containsExactly("[] progress");
    }

    /** Records offers as {@code ordinals item}, taking them all. */
    private static final class RecordingOutbox implements Outbox {
        final List<String> offers = new ArrayList<>();

        @Override
        public int bucketCount() {
            return 1;
        }

        @Override
        public boolean offer(int ordinal, Object item) {
            return offer(new int[] {ordinal}, item);
        }

        @Override
        public boolean offer(int[] ordinals, Object item) {
            offers.add(Arrays.toString(ordinals) + " " + (item instanceof EpochItem<?> ? item : "progress"));
            return true;
        }

        @Override
        public boolean offerToSnapshot(Object key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean hasUnfinishedItem() {
            return false;
        }
    }
}
