package dev.sluice.execution.local;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.dataflow.InvalidDataflowException;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.KeyedDataflow;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.worker.Segment;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.operators.KeyedOperator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code Sluice.run} (the seed's test_execution for {@code run}) and the local driver as a test driver. */
class LocalDriverTest {

    private static Dataflow<Integer, Integer> plusOne() {
        return Dataflow.input(Integer.class).map(x -> x + 1).capture();
    }

    private static List<EpochItem<Integer>> fullyOrderedRange(int n) {
        return IntStream.range(0, n).mapToObj(i -> of(i, i)).toList();
    }

    @Test
    void testRun() {
        // the seed's doc example: flow.map(str.upper); run(flow, [(0, "a"), (1, "b"), (2, "c")])
        Dataflow<String, String> flow =
                Dataflow.input(String.class).map(String::toUpperCase).capture();

        List<EpochItem<Object>> out = Sluice.run(flow, List.of(of(0, "a"), of(1, "b"), of(2, "c")));

        assertThat(out).containsExactly(of(0, "A"), of(1, "B"), of(2, "C"));
    }

    @Test
    void testRunSupportsList() {
        assertThat(Sluice.run(plusOne(), fullyOrderedRange(3))).containsExactly(of(0, 1), of(1, 2), of(2, 3));
    }

    @Test
    void testRunSupportsIterator() {
        Iterable<EpochItem<Integer>> oneShot = () -> fullyOrderedRange(3).iterator();

        assertThat(Sluice.run(plusOne(), oneShot)).containsExactly(of(0, 1), of(1, 2), of(2, 3));
    }

    @Test
    void testRunSupportsGenerator() {
        Iterable<EpochItem<Integer>> lazy =
                () -> LongStream.range(0, 3).mapToObj(i -> of(i, (int) i)).iterator();

        assertThat(Sluice.run(plusOne(), lazy)).containsExactly(of(0, 1), of(1, 2), of(2, 3));
    }

    @Test
    void testRunRequiresCapture() {
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class).map(x -> x + 1);

        assertThatThrownBy(() -> Sluice.run(flow, fullyOrderedRange(3)))
                .isInstanceOf(InvalidDataflowException.class)
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testRunReraisesException() {
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).map(item -> item / 0).capture();

        assertThatThrownBy(() -> Sluice.run(flow, fullyOrderedRange(3)))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("/ by zero")
                .satisfies(e -> assertThat(StepFailure.of(e)).hasValueSatisfying(step -> {
                    assertThat(step.stepIndex()).isZero();
                    assertThat(step.operator()).isEqualTo("map");
                    assertThat(step.getMessage())
                            .isEqualTo("step 0 (map) failed: java.lang.ArithmeticException: / by zero");
                }));
    }

    @Test
    void aCheckedExceptionReachesTheCallerUnwrapped() {
        Dataflow<String, String> flow = Dataflow.input(String.class).capture().inspect(item -> {
            throw new IOException("disk full while writing " + item);
        });

        assertThatThrownBy(() -> Sluice.run(flow, List.of(of(0, "a"))))
                .isExactlyInstanceOf(IOException.class)
                .hasMessage("disk full while writing a")
                .satisfies(e ->
                        assertThat(StepFailure.of(e).orElseThrow().stepIndex()).isEqualTo(1));
    }

    @Test
    void aFailingOutputIsAttributedToTheCaptureStep() {
        Dataflow<String, String> flow =
                Dataflow.input(String.class).map(String::trim).capture();
        LocalDriver<String> driver = new LocalDriver<>(flow, (epoch, item) -> {
            throw new IllegalStateException("output closed");
        });

        assertThatThrownBy(() -> driver.push(0, " a "))
                .hasMessage("output closed")
                .satisfies(e ->
                        assertThat(StepFailure.of(e).orElseThrow().operator()).isEqualTo("capture"));
    }

    @Test
    void aBackwardsEpochIsAClearErrorNamingBothEpochs() {
        assertThatThrownBy(() -> Sluice.run(plusOne(), List.of(of(0, 0), of(5, 1), of(2, 2))))
                .isInstanceOf(EpochOrderException.class)
                .hasMessageContaining("epoch 2 came after epoch 5")
                .satisfies(e -> {
                    assertThat(((EpochOrderException) e).previousEpoch()).isEqualTo(5);
                    assertThat(((EpochOrderException) e).epoch()).isEqualTo(2);
                });
    }

    @Test
    void aNullInputPairIsAClearError() {
        List<EpochItem<Integer>> input = new ArrayList<>(fullyOrderedRange(2));
        input.add(null);

        assertThatThrownBy(() -> Sluice.run(plusOne(), input))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("input pair 2 is null");
    }

    @Test
    void testRunCanBeInterrupted() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Iterable<EpochItem<Integer>> endless = () -> new Iterator<>() {
            int i;

            public boolean hasNext() {
                return true;
            }

            public EpochItem<Integer> next() {
                running.countDown();
                return of(i / 100, i++);
            }
        };
        Thread runner = new Thread(() -> {
            try {
                Sluice.run(plusOne(), endless);
            } catch (Throwable t) {
                outcome.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });

        runner.start();
        running.await();
        runner.interrupt();
        runner.join(10_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(CancellationException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted.get()).isTrue();
    }

    @Test
    void reduceEpochEmitsWhenTheNextEpochBeginsAsATestDriverShows() {
        Dataflow<String, ?> wordcount = Dataflow.input(String.class)
                .flatMap(line -> List.of(line.split(" ")))
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        try (LocalDriver<String> driver = new LocalDriver<>(wordcount)) {
            driver.push(0, "to be or not to be");
            assertThat(driver.readOutput()).isEmpty();

            driver.push(1, "to see");
            assertThat(driver.readOutput())
                    .containsExactlyInAnyOrder(
                            of(0, KeyValue.of("to", 2)),
                            of(0, KeyValue.of("be", 2)),
                            of(0, KeyValue.of("or", 1)),
                            of(0, KeyValue.of("not", 1)));

            driver.advanceTo(2);
            assertThat(driver.readOutput())
                    .containsExactlyInAnyOrder(of(1, KeyValue.of("to", 1)), of(1, KeyValue.of("see", 1)));
            assertThat(driver.frontier()).isEqualTo(2);
            assertThatThrownBy(() -> driver.push(1, "late")).isInstanceOf(EpochOrderException.class);
        }
    }

    @Test
    void anAdvanceMarkerCompletesEarlierEpochsWithoutAnItem() {
        Dataflow<String, ?> wordcount = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        LocalDriver<String> driver = new LocalDriver<>(wordcount);

        driver.push(of(0, "a"));
        driver.push(EpochItem.advanceTo(3));

        assertThat(driver.readOutput()).containsExactly(of(0, KeyValue.of("a", 1)));
        assertThat(driver.frontier()).isEqualTo(3);
        assertThat(Sluice.run(wordcount, List.of(of(0, "a"), EpochItem.<String>advanceTo(2), of(2, "a"))))
                .containsExactly(of(0, KeyValue.of("a", 1)), of(2, KeyValue.of("a", 1)));
        assertThat(EpochItem.advanceTo(2).isAdvance()).isTrue();
        assertThat(of(2, "a").isAdvance()).isFalse();
    }

    @Test
    void keyCountShowsStateForgottenAndBuiltAgain() {
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .reduce(Integer::sum, total -> total >= 10)
                .statefulMap(key -> 0, (Integer count, Integer total) -> StateUpdate.of(count + 1, count + 1))
                .capture();
        LocalDriver<KeyValue<String, Integer>> driver = new LocalDriver<>(flow);

        driver.push(0, KeyValue.of("a", 4));
        driver.push(0, KeyValue.of("b", 4));
        assertThat(driver.keyCount(0)).isEqualTo(2);
        driver.push(1, KeyValue.of("a", 6));
        assertThat(driver.keyCount(0)).isEqualTo(1);
        assertThat(driver.keyCount(1)).isEqualTo(1);
        driver.push(2, KeyValue.of("a", 10));
        driver.finish();

        assertThat(driver.readOutput()).containsExactly(of(1, KeyValue.of("a", 1)), of(2, KeyValue.of("a", 2)));
        assertThat(driver.keyCount(0)).isEqualTo(1);
        assertThatThrownBy(() -> driver.keyCount(2)).hasMessageContaining("not a keyed step");
        assertThatThrownBy(() -> driver.push(3, KeyValue.of("a", 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void byteArrayKeysShareStateByContent() {
        KeyedDataflow<KeyValue<byte[], Integer>, byte[], Integer> flow = Dataflow.keyValueInput(
                        byte[].class, Integer.class)
                .reduceEpoch(Integer::sum)
                .capture();

        List<EpochItem<Object>> out = Sluice.run(
                flow, List.of(of(0, KeyValue.of(new byte[] {1, 2}, 1)), of(0, KeyValue.of(new byte[] {1, 2}, 2))));

        assertThat(out).hasSize(1);
        assertThat(((KeyValue<?, ?>) out.get(0).item()).value()).isEqualTo(3);
    }

    @Test
    void epochOrderedOperatorsStashEpochsAboveTheFrontierUntilItPasses() {
        List<Object> seen = new ArrayList<>();
        KeyedDataflow<KeyValue<String, String>, String, String> flow = Dataflow.keyValueInput(
                        String.class, String.class)
                .reduce((a, b) -> a + b, agg -> agg.length() == 3)
                .capture();
        WorkerChain chain = WorkerChain.of(
                Segment.of(flow.steps()).subList(1, 2), (epoch, item) -> seen.add(epoch + "=" + item), capture ->
                        (epoch, item) -> {});
        KeyedOperator keyed = (KeyedOperator) chain.head();

        keyed.accept(2, KeyValue.of("k", "c"));
        keyed.accept(0, KeyValue.of("k", "a"));
        keyed.accept(1, KeyValue.of("k", "b"));
        assertThat(seen).isEmpty();
        keyed.advanceTo(1);
        assertThat(seen).isEmpty();
        keyed.advanceTo(3);

        assertThat(seen).containsExactly("2=(k, abc)");
    }
}
