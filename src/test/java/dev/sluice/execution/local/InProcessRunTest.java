package dev.sluice.execution.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.execution.metrics.StepMetrics;
import dev.sluice.exhash.UnsupportedKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** What {@link InProcessRun} does beyond the operator contract ({@link InProcessRunOperatorTest}). */
class InProcessRunTest {

    private static <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, List<EpochItem<I>> input, int workers) {
        List<EpochItem<Object>> captured = new ArrayList<>();
        InProcessRun.run(flow, input, workers, (epoch, item) -> captured.add(new EpochItem<>(epoch, item)));
        return captured;
    }

    private static final Dataflow<String, ?> COUNT_PER_WORKER = Dataflow.input(String.class)
            .mapToKeyValue(word -> KeyValue.of(word, 1))
            .reduceEpochLocal(Integer::sum)
            .capture();

    @SafeVarargs
    private static <I> List<EpochItem<I>> pairs(EpochItem<I>... pairs) {
        return Arrays.asList(pairs);
    }

    @Test
    void workerWOfNTakesThePairsAtIndicesIModNEqualToW() {
        List<EpochItem<String>> input = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            input.add(EpochItem.of(0, "a"));
        }

        // worker 0 holds pairs 0, 2 and 4, worker 1 pairs 1 and 3: reduce_epoch_local folds each apart
        assertThat(run(COUNT_PER_WORKER, input, 2))
                .containsExactlyInAnyOrder(EpochItem.of(0, KeyValue.of("a", 3)), EpochItem.of(0, KeyValue.of("a", 2)));
    }

    @Test
    void theWholeInputNeedNotBeInEpochOrderWhenEachWorkersShareIs() {
        // worker 0 gets epoch 1 only, worker 1 epoch 0 only
        List<EpochItem<String>> input = pairs(EpochItem.of(1, "a"), EpochItem.of(0, "b"));

        assertThat(run(COUNT_PER_WORKER, input, 2))
                .containsExactlyInAnyOrder(EpochItem.of(1, KeyValue.of("a", 1)), EpochItem.of(0, KeyValue.of("b", 1)));
    }

    @Test
    void aWorkersShareGoingBackwardsInEpochIsRefusedNamingBothEpochs() {
        // worker 0 of 2 gets epochs 1 and then 0
        List<EpochItem<String>> input = pairs(EpochItem.of(1, "a"), EpochItem.of(2, "b"), EpochItem.of(0, "c"));

        assertThatThrownBy(() -> run(COUNT_PER_WORKER, input, 2))
                .isInstanceOf(EpochOrderException.class)
                .hasMessageContaining("1")
                .hasMessageContaining("0");
    }

    @Test
    void aNullPairIsNamedByItsIndex() {
        List<EpochItem<String>> input = pairs(EpochItem.of(0, "a"), null);

        assertThatThrownBy(() -> run(COUNT_PER_WORKER, input, 2))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("input pair 1 is null");
    }

    @Test
    void aKeyThatCannotBeHashedFailsTheRunNamingTheStepItWasMeantFor() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(new Object(), 1))
                .reduceEpoch(Integer::sum)
                .capture();

        assertThatThrownBy(() -> run(flow, pairs(EpochItem.of(0, "a")), 2))
                .isInstanceOf(UnsupportedKeyException.class)
                .satisfies(e -> assertThat(StepFailure.of(e))
                        .hasValueSatisfying(
                                failure -> assertThat(failure.stepIndex()).isEqualTo(1)));
    }

    @Test
    void anInterruptedThreadCancelsTheRunAndKeepsItsFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> run(COUNT_PER_WORKER, pairs(EpochItem.of(0, "a")), 2))
                    .isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void everyWorkerCountsWhatItsStepsDidUnderTheRunsTag() {
        StepMetrics metrics = new StepMetrics();
        MetricsTag tag = MetricsTag.finiteRun("words");
        List<EpochItem<String>> input = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            input.add(EpochItem.of(i % 2, i % 3 == 0 ? "a" : "b"));
        }
        input.sort((x, y) -> Long.compare(x.epoch(), y.epoch()));
        Dataflow<String, ?> wordcount = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        List<EpochItem<Object>> captured = new ArrayList<>();

        InProcessRun.run(
                wordcount, input, 3, (epoch, item) -> captured.add(new EpochItem<>(epoch, item)), metrics, tag);

        List<StepCount> counts = metrics.run(tag.run());
        assertThat(counts).extracting(StepCount::index).containsExactly(0, 1, 2);
        assertThat(counts.get(0).itemsIn()).isEqualTo(7);
        assertThat(counts.get(1).itemsIn()).isEqualTo(7);
        assertThat(counts.get(1).itemsOut()).isEqualTo(captured.size());
        assertThat(counts.get(2).itemsIn()).isEqualTo(captured.size());
    }
}
