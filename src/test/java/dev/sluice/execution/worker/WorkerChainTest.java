package dev.sluice.execution.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.operators.KeyedOperator;
import dev.sluice.operators.Stage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkerChainTest {

    /** Steps: 0 map, 1 capture, 2 map | 3 reduce_epoch, 4 capture | 5 reduce_epoch_local, 6 map, 7 capture. */
    private static final List<Step> STEPS = Dataflow.input(String.class)
            .map(String::trim)
            .capture()
            .mapToKeyValue(word -> KeyValue.of(word, 1))
            .reduceEpoch(Integer::sum)
            .capture()
            .reduceEpochLocal(Integer::sum)
            .map(keyValue -> keyValue)
            .capture()
            .steps();

    @Test
    void everyStepIsOneStageInStepOrder() {
        WorkerChain chain = WorkerChain.of(STEPS, (epoch, item) -> {});

        assertThat(chain.stages())
                .extracting(Stage::stepIndex)
                .containsExactlyElementsOf(
                        IntStream.range(0, STEPS.size()).boxed().toList());
        assertThat(chain.stages())
                .extracting(Stage::operator)
                .containsExactlyElementsOf(STEPS.stream().map(Step::operator).toList());
        assertThat(chain.keyedOperators()).extracting(Stage::stepIndex).containsExactly(3, 5);
        assertThat(chain.keyedOperator(5)).isSameAs(chain.stages().get(5));
        assertThat(chain.keyedOperator(4)).isNull();
        assertThat(chain.captureCount()).isEqualTo(3);
        assertThat(chain.head()).isSameAs(chain.stages().get(0));
    }

    /** What the Jet driver does (a chain per vertex) wires the same stages as the local driver's one chain. */
    @Test
    void chainsOverConsecutiveSegmentsWireWhatOneChainOverTheFlowDoes() {
        List<Segment> segments = Segment.of(STEPS);
        assertThat(segments).hasSize(3);
        List<WorkerChain> vertices = List.of(
                WorkerChain.of(segments.subList(0, 1), (epoch, item) -> {}, capture -> (epoch, item) -> {}),
                WorkerChain.of(segments.subList(1, 3), (epoch, item) -> {}, capture -> (epoch, item) -> {}));

        List<String> split = new ArrayList<>();
        vertices.forEach(chain -> chain.stages().forEach(stage -> split.add(wiring(stage))));
        List<String> whole = WorkerChain.of(STEPS, (epoch, item) -> {}).stages().stream()
                .map(WorkerChainTest::wiring)
                .toList();

        assertThat(split).containsExactlyElementsOf(whole);
        assertThat(vertices).extracting(WorkerChain::captureCount).containsExactly(1, 2);
    }

    private static String wiring(Stage stage) {
        return stage.stepIndex() + " " + stage.operator() + " "
                + stage.getClass().getSimpleName();
    }

    @Test
    void eachCaptureSendsToItsOwnSinkNumberedInStepOrder() {
        List<String> captured = new ArrayList<>();
        WorkerChain chain = WorkerChain.of(
                Segment.of(STEPS),
                (epoch, item) -> captured.add("end " + item),
                capture -> (epoch, item) -> captured.add(capture + ": " + epoch + " " + item));

        chain.head().accept(0, " a ");
        chain.advanceTo(1);

        assertThat(captured).containsExactly("0: 0 a", "1: 0 (a, 1)", "2: 0 (a, 1)", "end (a, 1)");
    }

    @Test
    void advancingTellsTheKeyedOperatorsInFlowOrder() {
        // the second reduce_epoch gets the first's aggregate of epoch 0 before it advances past epoch 0
        List<Step> steps = Dataflow.keyValueInput(String.class, Integer.class)
                .reduceEpoch(Integer::sum)
                .reduceEpoch(Integer::sum)
                .capture()
                .steps();
        List<String> captured = new ArrayList<>();
        WorkerChain chain = WorkerChain.of(steps, (epoch, item) -> captured.add(epoch + " " + item));

        chain.head().accept(0, KeyValue.of("a", 1));
        chain.head().accept(0, KeyValue.of("a", 2));
        chain.advanceTo(1);

        assertThat(captured).containsExactly("0 (a, 3)");
        assertThat(chain.frontier().lessEqual(0)).isFalse();
        assertThat(chain.frontier().lessEqual(1)).isTrue();
    }

    @Test
    void anAdvanceThatDoesNotMoveTheFrontierAndASecondFinishChangeNothing() {
        List<Step> steps = Dataflow.keyValueInput(String.class, Integer.class)
                .reduceEpoch(Integer::sum)
                .capture()
                .steps();
        List<String> captured = new ArrayList<>();
        WorkerChain chain = WorkerChain.of(steps, (epoch, item) -> captured.add(epoch + " " + item));
        chain.advanceTo(2);
        chain.head().accept(2, KeyValue.of("a", 1));

        chain.advanceTo(1);
        chain.advanceTo(2);
        assertThat(captured).isEmpty();

        chain.finish();
        chain.finish();
        chain.advanceTo(3);
        assertThat(captured).containsExactly("2 (a, 1)");
        assertThat(chain.frontier().done()).isTrue();
    }

    @Test
    void aStageAttributesAFailureToItsOwnStep() {
        List<Step> steps = Dataflow.input(Integer.class)
                .map(i -> i + 1)
                .filter(i -> 10 / (i - 1) > 0)
                .capture()
                .steps();
        WorkerChain chain = WorkerChain.of(steps, (epoch, item) -> {});

        assertThatThrownBy(() -> chain.head().accept(0, 0))
                .isInstanceOf(ArithmeticException.class)
                .satisfies(e ->
                        assertThat(StepFailure.of(e).orElseThrow().stepIndex()).isEqualTo(1))
                .satisfies(e ->
                        assertThat(StepFailure.of(e).orElseThrow().operator()).isEqualTo("filter"));
    }

    @Test
    void aKeyedStageIsAKeyedOperatorWithItsOwnStepIndex() {
        WorkerChain chain = WorkerChain.of(STEPS, (epoch, item) -> {});

        assertThat(chain.stages().get(3)).isInstanceOf(KeyedOperator.class);
        assertThat(chain.stages().get(3)).hasToString("step 3 (reduce_epoch)");
    }
}
