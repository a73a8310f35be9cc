package dev.sluice.dataflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.fn.MapFn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building flows: laziness, immutability, and the checks made as each step is added. */
class DataflowTest {

    @Test
    void eachOperatorAddsOneStepUnderItsSeedName() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .map(String::trim)
                .flatMap(line -> List.of(line.split(" ")))
                .filter(word -> !word.isEmpty())
                .inspect(word -> {})
                .inspectEpoch((epoch, word) -> {})
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduce(Integer::sum, total -> total > 3)
                .reduceEpoch(Integer::sum)
                .reduceEpochLocal(Integer::sum)
                .statefulMap(key -> 0, (Integer state, Integer value) -> StateUpdate.of(state + value, state))
                .capture();

        assertThat(flow.steps())
                .extracting(Step::operator)
                .containsExactly(
                        "map",
                        "flat_map",
                        "filter",
                        "inspect",
                        "inspect_epoch",
                        "map",
                        "reduce",
                        "reduce_epoch",
                        "reduce_epoch_local",
                        "stateful_map",
                        "capture");
        assertThat(flow.steps())
                .extracting(Step::keyed)
                .containsExactly(false, false, false, false, false, false, true, true, true, true, false);
        assertThat(flow.steps())
                .extracting(Step::exchanges)
                .containsExactly(false, false, false, false, false, false, true, true, false, true, false);
        assertThat(flow.inputType()).isEqualTo(ItemType.of(String.class));
        assertThat(flow.toString()).startsWith("Dataflow<String>[map -> flat_map");
    }

    @Test
    void flowsAreImmutableSoAPrefixCanBeShared() {
        Dataflow<String, String> prefix = Dataflow.input(String.class).map(String::trim);

        Dataflow<String, String> upper = prefix.map(String::toUpperCase).capture();
        Dataflow<String, Integer> lengths = prefix.map(String::length).capture();

        assertThat(prefix.steps()).hasSize(1);
        assertThat(upper.steps()).hasSize(3);
        assertThat(lengths.steps()).hasSize(3);
        assertThatThrownBy(() -> upper.steps().add(new Step.Capture()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nothingRunsWhileAFlowIsBuilt() {
        Dataflow<String, String> flow = Dataflow.input(String.class).map(item -> {
            throw new AssertionError("ran while building");
        });

        assertThat(flow.capture().steps()).hasSize(2);
    }

    @Test
    void keyValueInputDeclaresItsGenericType() {
        KeyedDataflow<KeyValue<String, Double>, String, Double> flow =
                Dataflow.keyValueInput(String.class, Double.class);

        assertThat(flow.inputType().toString()).isEqualTo("KeyValue<String, Double>");
        assertThat(flow.inputType().toType().getTypeName()).isEqualTo("KeyValue<String, Double>");
    }

    @Test
    void aNullFunctionIsRefusedNamingTheStep() {
        Dataflow<String, String> flow = Dataflow.input(String.class).map(String::trim);

        assertThatThrownBy(() -> flow.filter(null))
                .isInstanceOf(InvalidDataflowException.class)
                .hasMessage("step 1 (filter): the predicate must not be null");
        assertThatThrownBy(() -> flow.mapToKeyValue(s -> KeyValue.of(s, 1)).reduce(Integer::sum, null))
                .isInstanceOf(InvalidDataflowException.class)
                .hasMessage("step 2 (reduce): the isComplete must not be null");
        assertThatThrownBy(() -> flow.mapToKeyValue(s -> KeyValue.of(s, 1)).statefulMap(null, (s, v) -> null))
                .hasMessage("step 2 (stateful_map): the builder must not be null");
        assertThatThrownBy(() -> Dataflow.input(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aFunctionThatCannotBeSerializedIsRefusedWhenAdded() {
        Object notSerializable = new Object();
        MapFn<String, String> capturesIt = item -> item + notSerializable;

        assertThatThrownBy(() -> Dataflow.input(String.class).map(capturesIt))
                .isInstanceOf(InvalidDataflowException.class)
                .hasMessageContaining("step 0 (map): the mapper")
                .hasMessageContaining("cannot be serialized")
                .hasMessageContaining("java.lang.Object");
    }

    @Test
    void validateRefusesAFlowWithoutCapture() {
        Dataflow<String, String> flow = Dataflow.input(String.class).map(String::trim);

        assertThat(flow.hasCapture()).isFalse();
        assertThatThrownBy(flow::validate)
                .isInstanceOf(InvalidDataflowException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no capture step")
                .hasMessageContaining("add .capture()");
        assertThat(flow.capture().validate().hasCapture()).isTrue();
    }

    @Test
    void epochsAreNonNegativeAndKeysNonNull() {
        assertThatThrownBy(() -> EpochItem.of(-1, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> KeyValue.of(null, 1)).isInstanceOf(NullPointerException.class);
        assertThat(EpochItem.of(3, null)).hasToString("(3, null)");
        assertThat(KeyValue.of("k", null)).hasToString("(k, null)");
    }
}
