package dev.sluice.operators;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.dataflow.InvalidDataflowException;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.KeyedDataflow;
import dev.sluice.dataflow.NotKeyValueException;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.testing.FlowDriver;
import dev.sluice.testing.SideEffects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The operator contract: the seed's {@code test_operators} and {@code test_execution} checks, its
 * doc examples and the edge cases around them, written once against a {@link FlowDriver} and run by
 * every driver (a subclass each). A difference between drivers is a bug this suite must catch.
 */
public abstract class OperatorContract {

    /** The driver under test. */
    protected abstract FlowDriver driver();

    private List<EpochItem<Object>> run(Dataflow<?, ?> flow, List<? extends EpochItem<?>> input) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<EpochItem<Object>> out = driver().run((Dataflow) flow, (List) input);
        return out;
    }

    private static Map<String, String> event(String user, String type) {
        return Map.of("user", user, "type", type);
    }

    // --- stateless operators (seed: test_map, test_flat_map, test_filter, test_inspect, ...) ---

    @Test
    void testMap() {
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).map(item -> item + 1).capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, 0), of(0, 1), of(0, 2)));

        assertThat(out).containsExactlyInAnyOrder(of(0, 1), of(0, 2), of(0, 3));
    }

    @Test
    void testFlatMap() {
        Dataflow<String, String> flow = Dataflow.input(String.class)
                .flatMap(sentence -> List.of(sentence.split(" ")))
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(1, "split this")));

        assertThat(out).containsExactlyInAnyOrder(of(1, "split"), of(1, "this"));
    }

    @Test
    void flatMapOfAnEmptyIterableEmitsNothing() {
        Dataflow<String, String> flow =
                Dataflow.input(String.class).flatMap(s -> List.<String>of()).capture();

        assertThat(run(flow, List.of(of(0, "a"), of(1, "b")))).isEmpty();
    }

    @Test
    void testFilter() {
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).filter(item -> item % 2 != 0).capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, 1), of(0, 2), of(0, 3)));

        assertThat(out).containsExactlyInAnyOrder(of(0, 1), of(0, 3));
    }

    @Test
    void testInspect() {
        SideEffects seen = SideEffects.create();
        Dataflow<String, String> flow =
                Dataflow.input(String.class).inspect(seen::record).capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(1, "a")));

        assertThat(out).containsExactly(of(1, "a"));
        assertThat(seen.records()).containsExactly("a");
    }

    @Test
    void testInspectEpoch() {
        SideEffects seen = SideEffects.create();
        Dataflow<String, String> flow = Dataflow.input(String.class)
                .inspectEpoch((epoch, item) -> seen.record(epoch + ":" + item))
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(1, "a")));

        assertThat(out).containsExactly(of(1, "a"));
        assertThat(seen.records()).containsExactly("1:a");
    }

    @Test
    void mapToNullPassesNullDownstream() {
        Dataflow<String, String> flow = Dataflow.input(String.class)
                .map(item -> item.equals("drop") ? (String) null : item)
                .filter(item -> item == null || !item.isEmpty())
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, "keep"), of(0, "drop")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "keep"), of(0, null));
    }

    // --- capture ---

    @Test
    void testCapture() {
        List<EpochItem<String>> input = List.of(of(0, "a"), of(1, "b"));

        assertThat(run(Dataflow.input(String.class).capture(), input))
                .containsExactlyInAnyOrderElementsOf(input.stream()
                        .map(e -> EpochItem.<Object>of(e.epoch(), e.item()))
                        .toList());
    }

    @Test
    void testCaptureMultiple() {
        Dataflow<String, String> flow =
                Dataflow.input(String.class).capture().map(String::toUpperCase).capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, "a"), of(1, "b")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "a"), of(0, "A"), of(1, "b"), of(1, "B"));
    }

    @Test
    void stepsAfterTheLastCaptureStillRun() {
        SideEffects seen = SideEffects.create();
        Dataflow<String, String> flow = Dataflow.input(String.class).capture().inspect(seen::record);

        List<EpochItem<Object>> out = run(flow, List.of(of(0, "a"), of(3, "b")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "a"), of(3, "b"));
        assertThat(seen.records()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aFlowWithoutCaptureIsRefusedBeforeItRuns() {
        SideEffects seen = SideEffects.create();
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class).inspect(seen::record);

        assertThatThrownBy(() -> run(flow, List.of(of(0, 1))))
                .isInstanceOf(InvalidDataflowException.class)
                .hasMessageContaining("no capture step");
        assertThat(seen.records()).isEmpty();
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();

        assertThat(run(flow, List.of())).isEmpty();
    }

    // --- reduce ---

    @Test
    void testReduce() {
        KeyedDataflow<Map<String, String>, String, List<Map<String, String>>> flow =
                Dataflow.<Map<String, String>>input(castMap())
                        .mapToKeyValue(event -> KeyValue.of(event.get("user"), List.of(event)))
                        .reduce(
                                OperatorContract::concat,
                                session -> session.stream()
                                        .anyMatch(e -> e.get("type").equals("logout")))
                        .capture();

        List<EpochItem<Object>> out = run(
                flow,
                List.of(
                        of(0, event("a", "login")),
                        of(1, event("a", "post")),
                        of(1, event("b", "login")),
                        of(2, event("a", "logout")),
                        of(3, event("b", "logout"))));

        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(2, KeyValue.of("a", List.of(event("a", "login"), event("a", "post"), event("a", "logout")))),
                        of(3, KeyValue.of("b", List.of(event("b", "login"), event("b", "logout")))));
    }

    @Test
    void reduceFoldsInEpochOrderAcrossWorkers() {
        // One value per epoch and key, spread over every worker: concatenation is not commutative,
        // so any fold out of epoch order shows in the result.
        int epochs = 12;
        List<EpochItem<KeyValue<String, String>>> input = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (String key : List.of("x", "y", "z")) {
                input.add(of(epoch, KeyValue.of(key, "e" + epoch)));
            }
        }
        KeyedDataflow<KeyValue<String, String>, String, String> flow = Dataflow.keyValueInput(
                        String.class, String.class)
                .reduce((a, b) -> a + "," + b, agg -> agg.split(",").length == epochs)
                .capture();

        List<EpochItem<Object>> out = run(flow, input);

        String all = IntStream.range(0, epochs).mapToObj(e -> "e" + e).collect(Collectors.joining(","));
        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(epochs - 1, KeyValue.of("x", all)),
                        of(epochs - 1, KeyValue.of("y", all)),
                        of(epochs - 1, KeyValue.of("z", all)));
    }

    @Test
    void reduceForgetsACompleteKeyAndStartsItAgain() {
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .reduce(Integer::sum, total -> total >= 10)
                .capture();

        List<EpochItem<Object>> out = run(
                flow,
                List.of(
                        of(0, KeyValue.of("blake", 5)),
                        of(1, KeyValue.of("dan", 3)),
                        of(2, KeyValue.of("blake", 5)),
                        of(3, KeyValue.of("blake", 4)),
                        of(4, KeyValue.of("blake", 7))));

        assertThat(out).containsExactlyInAnyOrder(of(2, KeyValue.of("blake", 10)), of(4, KeyValue.of("blake", 11)));
    }

    @Test
    void reduceCallsIsCompleteOnASingleValue() {
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .reduce(Integer::sum, total -> total >= 10)
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, KeyValue.of("a", 12)), of(1, KeyValue.of("b", 1))));

        assertThat(out).containsExactly(of(0, KeyValue.of("a", 12)));
    }

    // --- reduce_epoch ---

    @Test
    void testReduceEpoch() {
        Dataflow<Map<String, String>, ?> flow = Dataflow.<Map<String, String>>input(castMap())
                .mapToKeyValue(event -> KeyValue.of(event.get("user"), 1))
                .reduceEpoch(Integer::sum)
                .capture();

        List<EpochItem<Object>> out = run(
                flow,
                List.of(
                        of(0, event("a", "login")),
                        of(0, event("a", "post")),
                        of(0, event("b", "login")),
                        of(1, event("b", "post"))));

        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(0, KeyValue.of("a", 2)), of(0, KeyValue.of("b", 1)), of(1, KeyValue.of("b", 1)));
    }

    @Test
    void reduceEpochEmitsOncePerKeyAndEpochOverManyEpochs() {
        int epochs = 100;
        List<EpochItem<String>> input = new ArrayList<>();
        Map<EpochItem<Object>, Integer> expected = new HashMap<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (int i = 0; i <= epoch % 7; i++) {
                String word = "w" + (i % 3);
                input.add(of(epoch, word));
                expected.merge(EpochItem.of(epoch, word), 1, Integer::sum);
            }
        }
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();

        List<EpochItem<Object>> out = run(flow, input);

        List<EpochItem<Object>> want = expected.entrySet().stream()
                .map(e -> EpochItem.<Object>of(
                        e.getKey().epoch(), KeyValue.of(e.getKey().item(), e.getValue())))
                .toList();
        assertThat(out).containsExactlyInAnyOrderElementsOf(want);
    }

    @Test
    void reduceEpochWithOneEpochEmitsAtTheEndOfInput() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(7, "a"), of(7, "b"), of(7, "a")));

        assertThat(out).containsExactlyInAnyOrder(of(7, KeyValue.of("a", 2)), of(7, KeyValue.of("b", 1)));
    }

    @Test
    void reduceEpochFoldsNullValues() {
        KeyedDataflow<KeyValue<String, String>, String, String> flow = Dataflow.keyValueInput(
                        String.class, String.class)
                .reduceEpoch((a, b) -> a + "+" + b)
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, KeyValue.of("k", (String) null))));

        assertThat(out).containsExactly(of(0, KeyValue.of("k", null)));
    }

    @Test
    void keyedStepsChain() {
        // pagerank's shape: reduce_epoch, then reduce_epoch_local and reduce_epoch over new keys
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(edge -> KeyValue.of(edge.split(",")[0], Set.of(edge.split(",")[1])))
                .reduceEpoch(OperatorContract::union)
                .flatMapToKeyValue(parent -> parent.value().stream()
                        .map(child -> KeyValue.of(child, 1.0 / parent.value().size()))
                        .toList())
                .reduceEpochLocal(Double::sum)
                .reduceEpoch(Double::sum)
                .capture();

        List<EpochItem<Object>> out =
                run(flow, List.of(of(0, "a,b"), of(0, "a,c"), of(0, "b,c"), of(0, "c,a"), of(1, "a,b")));

        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(0, KeyValue.of("a", 1.0)),
                        of(0, KeyValue.of("b", 0.5)),
                        of(0, KeyValue.of("c", 1.5)),
                        of(1, KeyValue.of("b", 1.0)));
    }

    // --- reduce_epoch_local ---

    @Test
    void testReduceEpochLocal() {
        Dataflow<Map<String, String>, ?> flow = Dataflow.<Map<String, String>>input(castMap())
                .mapToKeyValue(event -> KeyValue.of(event.get("user"), 1))
                .reduceEpochLocal(Integer::sum)
                .capture();
        int workers = driver().workerCount();
        List<EpochItem<Map<String, String>>> input = new ArrayList<>();
        for (int i = 0; i < 2 * workers; i++) {
            input.add(of(0, event("a", "login")));
        }
        for (int i = 0; i < 2 * workers; i++) {
            input.add(of(1, event("b", "post")));
        }

        List<EpochItem<Object>> out = run(flow, input);

        // The seed's check: each (epoch, user) comes once per worker that held some of it.
        Map<String, Integer> emissions = new HashMap<>();
        Map<String, Integer> totals = new HashMap<>();
        for (EpochItem<Object> pair : out) {
            KeyValue<?, ?> userCount = (KeyValue<?, ?>) pair.item();
            String epochUser = pair.epoch() + "/" + userCount.key();
            emissions.merge(epochUser, 1, Integer::sum);
            totals.merge(epochUser, (Integer) userCount.value(), Integer::sum);
        }
        assertThat(emissions.values()).contains(workers);
        assertThat(totals).isEqualTo(Map.of("0/a", 2 * workers, "1/b", 2 * workers));
    }

    // --- stateful_map ---

    @Test
    void testStatefulMap() {
        Dataflow<String, String> flow = Dataflow.input(String.class)
                .mapToKeyValue(item -> KeyValue.of(item, item))
                .statefulMap(key -> new HashSet<String>(), (Set<String> seen, String value) -> {
                    boolean isSeen = !seen.add(value);
                    return StateUpdate.of(seen, isSeen);
                })
                .flatMap(keyIsSeen -> keyIsSeen.value() ? List.<String>of() : List.of(keyIsSeen.key()))
                .capture();

        List<EpochItem<Object>> out = run(flow, List.of(of(0, "a"), of(0, "a"), of(1, "a"), of(1, "b")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "a"), of(1, "b"));
    }

    @Test
    void statefulMapSeesValuesInEpochOrderAcrossWorkers() {
        List<EpochItem<KeyValue<String, Integer>>> input = new ArrayList<>();
        for (int epoch = 0; epoch < 10; epoch++) {
            input.add(of(epoch, KeyValue.of("k", epoch)));
            input.add(of(epoch, KeyValue.of("j", 100 + epoch)));
        }
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .statefulMap(key -> -1, (Integer previous, Integer value) -> {
                    if (value <= previous) {
                        throw new IllegalStateException(value + " came after " + previous);
                    }
                    return StateUpdate.of(value, value - previous);
                })
                .capture();

        List<EpochItem<Object>> out = run(flow, input);

        assertThat(out).hasSize(20).allSatisfy(pair -> {
            KeyValue<?, ?> kv = (KeyValue<?, ?>) pair.item();
            assertThat((Integer) kv.value()).isEqualTo(pair.epoch() == 0 ? ("k".equals(kv.key()) ? 1 : 101) : 1);
        });
    }

    @Test
    void statefulMapForgetsAKeyOnANullStateAndBuildsItAgain() {
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .statefulMap(key -> 0, (Integer total, Integer value) -> {
                    int sum = total + value;
                    return StateUpdate.of(sum >= 10 ? null : sum, sum);
                })
                .capture();

        List<EpochItem<Object>> out = run(
                flow,
                List.of(
                        of(0, KeyValue.of("a", 4)),
                        of(1, KeyValue.of("a", 6)),
                        of(2, KeyValue.of("a", 1)),
                        of(3, KeyValue.of("a", 2))));

        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(0, KeyValue.of("a", 4)),
                        of(1, KeyValue.of("a", 10)),
                        of(2, KeyValue.of("a", 1)),
                        of(3, KeyValue.of("a", 3)));
    }

    @Test
    void statefulMapBuilderMayReturnNull() {
        // the seed's test_stateful_map_recovery mapper: keep the maximum, starting from None
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .statefulMap(key -> (Integer) null, (Integer max, Integer value) -> {
                    int newMax = max == null ? value : Math.max(max, value);
                    return StateUpdate.of(newMax, newMax);
                })
                .capture();

        List<EpochItem<Object>> out =
                run(flow, List.of(of(0, KeyValue.of("a", 8)), of(1, KeyValue.of("b", 2)), of(2, KeyValue.of("a", 5))));

        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(0, KeyValue.of("a", 8)), of(1, KeyValue.of("b", 2)), of(2, KeyValue.of("a", 8)));
    }

    // --- bad input and failures ---

    @Test
    void testReduceEpochErrorOnNonKvTuple() {
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .reduceEpoch(Integer::sum)
                .capture();
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<EpochItem<KeyValue<String, Integer>>> notKeyValues = (List) List.of(of(0, Map.of("user", "a")));

        Throwable thrown = catchThrowable(() -> run(flow, notKeyValues));

        assertThat(thrown)
                .isInstanceOf(NotKeyValueException.class)
                .hasMessageContaining("step 0 (reduce_epoch)")
                .hasMessageContaining("{user=a}");
    }

    @Test
    void stepExceptionReachesTheCallerWithItsTypeMessageAndStep() {
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class)
                .map(item -> item + 1)
                .map(item -> 10 / (item - 2))
                .capture();

        Throwable thrown = catchThrowable(() -> run(flow, List.of(of(0, 0), of(0, 1), of(1, 2))));

        assertThat(thrown).isInstanceOf(ArithmeticException.class).hasMessage("/ by zero");
        StepFailure step = StepFailure.of(thrown).orElseThrow();
        assertThat(step.stepIndex()).isEqualTo(1);
        assertThat(step.operator()).isEqualTo("map");
    }

    @Test
    void keyedStepExceptionNamesTheKeyedStep() {
        KeyedDataflow<KeyValue<String, Integer>, String, Integer> flow = Dataflow.keyValueInput(
                        String.class, Integer.class)
                .filter(kv -> true)
                .reduceEpoch((a, b) -> {
                    throw new IllegalStateException("cannot fold " + a + " and " + b);
                })
                .capture();

        Throwable thrown =
                catchThrowable(() -> run(flow, List.of(of(0, KeyValue.of("a", 1)), of(0, KeyValue.of("a", 2)))));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("cannot fold");
        assertThat(StepFailure.of(thrown)).hasValueSatisfying(step -> {
            assertThat(step.stepIndex()).isEqualTo(1);
            assertThat(step.operator()).isEqualTo("reduce_epoch");
        });
    }

    @Test
    void backwardsEpochIsRefusedNamingBothEpochs() {
        int workers = driver().workerCount();
        List<EpochItem<String>> input = new ArrayList<>();
        LongStream.range(0, workers).forEach(i -> input.add(of(5, "late")));
        LongStream.range(0, workers).forEach(i -> input.add(of(3, "early")));

        Throwable thrown = catchThrowable(() -> run(Dataflow.input(String.class).capture(), input));

        assertThat(thrown).isInstanceOf(EpochOrderException.class).hasMessageContaining("epoch 3 came after epoch 5");
    }

    @SuppressWarnings("unchecked")
    private static Class<Map<String, String>> castMap() {
        return (Class<Map<String, String>>) (Class<?>) Map.class;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
