package dev.sluice.execution;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.InvalidDataflowException;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.server.MemberClassData;
import dev.sluice.testing.SideEffects;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code Sluice.runCluster}: the seed's doc example and its {@code test_execution} checks. */
class RunClusterTest {

    private static final Comparator<EpochItem<Object>> BY_EPOCH = Comparator.comparingLong(EpochItem::epoch);

    @Test
    void docExampleUpperCasesOnTwoProcesses() {
        Dataflow<String, String> flow =
                Dataflow.input(String.class).map(String::toUpperCase).capture();

        List<EpochItem<Object>> out = Sluice.runCluster(flow, List.of(of(0, "a"), of(1, "b"), of(2, "c")), 2);

        assertThat(sorted(out)).containsExactly(of(0, "A"), of(1, "B"), of(2, "C"));
        assertNoChildProcesses();
    }

    @Test
    void testRunClusterOnTwoProcessesOfTwoWorkersWithAnIteratorInput() {
        // the seed: inputs.fully_ordered(range(3)), map +1, proc_count=2, worker_count_per_proc=2;
        // the input is an Iterable that can be iterated once only, like a Python generator
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).map(item -> item + 1).capture();
        Iterable<EpochItem<Integer>> fullyOrdered =
                onceOnly(IntStream.range(0, 3).mapToObj(i -> of(i, i)).toList());

        List<EpochItem<Object>> out = Sluice.runCluster(flow, fullyOrdered, 2, 2);

        assertThat(sorted(out)).containsExactly(of(0, 1), of(1, 2), of(2, 3));
    }

    @Test
    void testRunClusterRequiresCapture() {
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class).map(item -> item + 1);

        assertThatThrownBy(() -> Sluice.runCluster(flow, List.of(of(0, 1)), 2, 2))
                .isInstanceOf(InvalidDataflowException.class)
                .hasMessageContaining("no capture step");
        assertNoChildProcesses();
    }

    @Test
    void testRunClusterReraisesException() {
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class)
                .map(item -> item + 1)
                .map(item -> 1 / (item - 3))
                .capture();

        assertThatThrownBy(() -> Sluice.runCluster(
                        flow, IntStream.range(0, 10).mapToObj(i -> of(0, i)).toList(), 2, 2))
                .isInstanceOf(ArithmeticException.class)
                .hasMessage("/ by zero")
                .satisfies(thrown -> assertThat(StepFailure.of(thrown)).hasValueSatisfying(step -> {
                    assertThat(step.stepIndex()).isEqualTo(1);
                    assertThat(step.operator()).isEqualTo("map");
                }));
        assertNoChildProcesses();
    }

    @Test
    void testRunClusterCanBeInterrupted() throws Exception {
        SideEffects seen = SideEffects.create();
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class)
                .inspect(item -> {
                    seen.record(item);
                    Thread.sleep(100);
                })
                .capture();
        List<EpochItem<Integer>> input =
                IntStream.range(0, 2_000).mapToObj(i -> of(0, i)).toList();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean interruptFlagKept = new AtomicBoolean();
        Thread caller = new Thread(
                () -> {
                    try {
                        Sluice.runCluster(flow, input, 2, 2);
                    } catch (Throwable t) {
                        thrown.set(t);
                        interruptFlagKept.set(Thread.currentThread().isInterrupted());
                    }
                },
                "run-cluster-caller");
        caller.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !seen.records().isEmpty());
        List<ProcessHandle> children = ProcessHandle.current()
                .children()
                .filter(child -> !MemberClassData.isTraining(child))
                .toList();
        assertThat(children).hasSize(2).allMatch(ProcessHandle::isAlive);

        caller.interrupt();
        caller.join(30_000);

        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(interruptFlagKept).isTrue();
        assertThat(children).noneMatch(ProcessHandle::isAlive);
        assertThat(seen.records()).hasSizeLessThan(input.size());
    }

    private static List<EpochItem<Object>> sorted(List<EpochItem<Object>> out) {
        return out.stream().sorted(BY_EPOCH).toList();
    }

    private static void assertNoChildProcesses() {
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .filter(child -> !MemberClassData.isTraining(child)))
                .isEmpty();
    }

    private static <T> Iterable<T> onceOnly(List<T> items) {
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (used.getAndSet(true)) {
                throw new IllegalStateException("this input can be iterated once only");
            }
            return items.iterator();
        };
    }
}
