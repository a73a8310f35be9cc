package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.testing.LiveHeap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A finite run leaves nothing behind on the members (issue 13): no object per run, no open buffer. */
class FiniteRunLeavesNothingTest {

    private static final int RUNS = 600;

    private static final Dataflow<String, ?> WORDCOUNT = Dataflow.input(String.class)
            .flatMap(line -> List.of(line.split(" ")))
            .mapToKeyValue(word -> KeyValue.of(word, 1))
            .reduceEpoch(Integer::sum)
            .capture();

    private static final List<EpochItem<String>> INPUT =
            List.of(EpochItem.of(0, "to be or not to be"), EpochItem.of(0, "to see"));

    private static JetTestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = JetTestCluster.start(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void manyRunsAcrossTwoMembersLeaveNoObjectPerRun() {
        LiveHeap.warmUp(FiniteRunLeavesNothingTest::runs);
        LiveHeap before = LiveHeap.now();
        runs(RUNS);
        assertThat(LiveHeap.now().grownSince(before, RUNS)).isEmpty();
        assertThat(RunOutputs.openRuns()).isZero();
        assertThat(RunInputs.held()).isZero();
    }

    private static void runs(int count) {
        for (int i = 0; i < count; i++) {
            assertThat(FiniteRun.onMember(cluster.member(i % 2), WORDCOUNT, INPUT, 2))
                    .hasSize(5);
        }
    }
}
