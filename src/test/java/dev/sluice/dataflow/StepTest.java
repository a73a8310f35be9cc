package dev.sluice.dataflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTest {

    /** The names users see on the wire and in errors: the seed's, from each record's name. */
    @Test
    void everyStepIsNamedAfterTheSeedsOperator() {
        List<Step> steps = Dataflow.input(String.class)
                .map(String::trim)
                .flatMap(line -> List.of(line))
                .filter(line -> !line.isEmpty())
                .inspect(line -> {})
                .inspectEpoch((epoch, line) -> {})
                .mapToKeyValue(line -> KeyValue.of(line, 1))
                .reduce(Integer::sum, total -> total > 1)
                .reduceEpoch(Integer::sum)
                .reduceEpochLocal(Integer::sum)
                .statefulMap(key -> 0, (Integer state, Integer value) -> StateUpdate.of(state, value))
                .capture()
                .steps();

        assertThat(steps)
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
    }
}
