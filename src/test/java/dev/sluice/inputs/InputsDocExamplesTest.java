package dev.sluice.inputs;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.Sluice;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seed's doc examples for {@code bytewax.inputs}, each run through a flow as the seed runs them. */
class InputsDocExamplesTest {

    private static Map<String, Object> item(int second, String value) {
        Instant at = LocalDateTime.of(2022, 2, 22, 1, 2, second).toInstant(ZoneOffset.UTC);
        return Map.of("timestamp", at, "value", value);
    }

    @SuppressWarnings("unchecked")
    private static Class<Map<String, Object>> mapType() {
        return (Class<Map<String, Object>>) (Class<?>) Map.class;
    }

    @Test
    void singleBatchDocExample() {
        Dataflow<String, String> flow = Dataflow.input(String.class).capture();

        List<EpochItem<Object>> out = Sluice.run(flow, Inputs.singleBatch(List.of("a", "b", "c")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "a"), of(0, "b"), of(0, "c"));
    }

    @Test
    void fullyOrderedDocExample() {
        Dataflow<String, String> flow = Dataflow.input(String.class).capture();

        List<EpochItem<Object>> out = Sluice.run(flow, Inputs.fullyOrdered(List.of("a", "b", "c")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "a"), of(1, "b"), of(2, "c"));
    }

    @Test
    void tumblingEpochDocExample() {
        List<Map<String, Object>> items = List.of(item(3, "a"), item(4, "b"), item(8, "c"));
        Dataflow<Map<String, Object>, Object> flow =
                Dataflow.input(mapType()).map(i -> i.get("value")).capture();

        List<EpochItem<Object>> out =
                Sluice.run(flow, Inputs.tumblingEpoch(items, Duration.ofSeconds(2), i -> (Instant) i.get("timestamp")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "a"), of(0, "b"), of(2, "c"));
    }

    @Test
    void sortedWindowThenTumblingEpochDocExample() {
        List<Map<String, Object>> items = List.of(item(4, "c"), item(3, "b"), item(0, "a"));
        Iterable<Map<String, Object>> sorted =
                Inputs.sortedWindow(items, Duration.ofSeconds(2), i -> (Instant) i.get("timestamp"), null);
        Dataflow<Map<String, Object>, Object> flow =
                Dataflow.input(mapType()).map(i -> i.get("value")).capture();

        List<EpochItem<Object>> out = Sluice.run(
                flow, Inputs.tumblingEpoch(sorted, Duration.ofMillis(500), i -> (Instant) i.get("timestamp")));

        assertThat(out).containsExactlyInAnyOrder(of(0, "b"), of(2, "c"));
    }
}
