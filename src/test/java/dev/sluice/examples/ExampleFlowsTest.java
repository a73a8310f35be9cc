package dev.sluice.examples;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.examples.AnomalyDetector.Anomaly;
import dev.sluice.examples.AppEvent.Type;
import dev.sluice.execution.Sluice;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example flows of SPEC §6 on inputs made here, with the one-thread driver. */
class ExampleFlowsTest {

    @Test
    void wordcountCountsLowerCasedWordsPerEpochIgnoringPunctuationAndDigits() {
        List<EpochItem<Object>> out = Sluice.run(
                Wordcount.flow(), List.of(of(0, "Hello, world! Hello 42 times."), of(1, "\"quoted\": world;")));

        assertThat(out)
                .containsExactlyInAnyOrder(
                        of(0, KeyValue.of("hello", 2)),
                        of(0, KeyValue.of("world", 1)),
                        of(0, KeyValue.of("times", 1)),
                        of(1, KeyValue.of("quoted", 1)),
                        of(1, KeyValue.of("world", 1)));
    }

    @Test
    void searchSessionGivesTheClickThroughRateOfEachSearch() {
        List<EpochItem<AppEvent>> events = List.of(
                of(0, new AppEvent(Type.AppOpen, 1)),
                of(1, new AppEvent(Type.Search, 1)),
                of(2, new AppEvent(Type.AppOpen, 2)),
                of(3, new AppEvent(Type.Results, 1)),
                of(4, new AppEvent(Type.ClickResult, 1)),
                of(5, new AppEvent(Type.Search, 2)),
                of(6, new AppEvent(Type.Search, 1)),
                of(7, new AppEvent(Type.Results, 1)),
                of(8, new AppEvent(Type.AppClose, 1)),
                of(9, new AppEvent(Type.AppClose, 2)),
                // a session without a search gives nothing; an unclosed one neither
                of(10, new AppEvent(Type.AppOpen, 3)),
                of(11, new AppEvent(Type.AppClose, 3)),
                of(12, new AppEvent(Type.Search, 4)));

        List<EpochItem<Object>> out = Sluice.run(SearchSession.flow(), events);

        assertThat(out).containsExactlyInAnyOrder(of(8, 1.0), of(8, 0.0), of(9, 0.0));
    }

    @Test
    void searchSessionsStartAtEachSearchAndDropWhatCameBefore() {
        List<AppEvent> session = List.of(
                new AppEvent(Type.AppOpen, 1),
                new AppEvent(Type.Search, 1),
                new AppEvent(Type.ClickResult, 1),
                new AppEvent(Type.Search, 1),
                new AppEvent(Type.AppClose, 1));

        assertThat(SearchSession.splitIntoSearches(session))
                .containsExactly(
                        List.of(new AppEvent(Type.Search, 1), new AppEvent(Type.ClickResult, 1)),
                        List.of(new AppEvent(Type.Search, 1), new AppEvent(Type.AppClose, 1)));
    }

    @Test
    void anomalyDetectorFlagsAValueMoreThanTwoDeviationsFromTheMeanOfTheLastTen() {
        List<EpochItem<KeyValue<String, Double>>> readings = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            readings.add(of(i, KeyValue.of("cpu", i % 2 == 0 ? 4.0 : 6.0)));
        }
        readings.add(of(10, KeyValue.of("cpu", 20.0)));
        readings.add(of(10, KeyValue.of("mem", 20.0)));

        List<EpochItem<Object>> out = Sluice.run(AnomalyDetector.flow(), readings);

        assertThat(out).hasSize(12);
        assertThat(out.get(0)).isEqualTo(of(0, KeyValue.of("cpu", new Anomaly(4.0, 4.0, 0.0, false))));
        assertThat(out.get(9)).isEqualTo(of(9, KeyValue.of("cpu", new Anomaly(6.0, 5.0, 1.0, false))));
        Anomaly spike = (Anomaly) ((KeyValue<?, ?>) out.get(10).item()).value();
        assertThat(spike.anomalous()).isTrue();
        assertThat(spike.mean()).isCloseTo(6.6, within(1e-9));
        double expectedStddev = Math.sqrt((5 * 0.36 + 4 * 6.76 + 13.4 * 13.4) / 10);
        assertThat(spike.stddev()).isCloseTo(expectedStddev, within(1e-9));
        assertThat(out.get(11)).isEqualTo(of(10, KeyValue.of("mem", new Anomaly(20.0, 20.0, 0.0, false))));
    }

    @Test
    void anomalyDetectorNeedsAKnownNonZeroDeviation() {
        List<EpochItem<KeyValue<String, Double>>> flat =
                List.of(of(0, KeyValue.of("x", 1.0)), of(1, KeyValue.of("x", 1.0)), of(2, KeyValue.of("x", 100.0)));

        List<EpochItem<Object>> out = Sluice.run(AnomalyDetector.flow(), flat);

        assertThat(out)
                .extracting(pair -> ((Anomaly) ((KeyValue<?, ?>) pair.item()).value()).anomalous())
                .containsExactly(false, false, false);
    }

    @Test
    void pageRankSharesEachPagesWeightAmongItsLinks() {
        List<EpochItem<Object>> out = Sluice.run(
                PageRank.flow(), List.of(of(0, "a,b"), of(0, " a , c "), of(0, "b,c"), of(0, "c,a"), of(0, "a,b")));

        assertThat(out).hasSize(3).allSatisfy(pair -> assertThat(pair.epoch()).isZero());
        assertThat(out)
                .extracting(pair -> (Object) ((KeyValue<?, ?>) pair.item()).key())
                .containsExactlyInAnyOrder("a", "b", "c");
        for (EpochItem<Object> pair : out) {
            KeyValue<?, ?> rank = (KeyValue<?, ?>) pair.item();
            double expected = switch ((String) rank.key()) {
                case "a" -> 0.15 + 0.85 * 1.0;
                case "b" -> 0.15 + 0.85 * 0.5;
                default -> 0.15 + 0.85 * 1.5;
            };
            assertThat((Double) rank.value()).isCloseTo(expected, within(1e-12));
        }
    }

    @Test
    void pageRankRefusesALineWithoutAComma() {
        assertThatThrownBy(() -> Sluice.run(PageRank.flow(), List.of(of(0, "a b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a link is \"parent,child\", got \"a b\"")
                .satisfies(e ->
                        assertThat(StepFailure.of(e).orElseThrow().stepIndex()).isZero());
    }
}
