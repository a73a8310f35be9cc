package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.examples.PageRank;
import dev.sluice.examples.Wordcount;
import dev.sluice.execution.local.LocalDriver;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jet driver counts what each step does on each worker, each member in its own registry: on two
 * members × 2 workers the figures added up are those of one worker running the whole input (the local
 * driver's), fused vertices reporting each of their steps.
 */
class JetStepCountsTest {

    private static JetTestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = JetTestCluster.start(2);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static <I> List<StepCount> local(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
        try (LocalDriver<I> driver = new LocalDriver<>(flow)) {
            input.forEach(driver::push);
            driver.finish();
            return driver.counts();
        }
    }

    private static List<String> itemsInAndOut(List<StepCount> counts) {
        List<String> figures = new ArrayList<>();
        counts.forEach(c -> figures.add(c.index() + " " + c.operator() + " " + c.itemsIn() + "/" + c.itemsOut()));
        return figures;
    }

    private static <I> List<StepCount> assertSameCounts(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
        return assertSameCounts(flow, input, -1);
    }

    /**
     * @param perWorkerStep a {@code reduce_epoch_local} step, whose output depends on how many workers
     *     aggregate (one partial per key and worker), and so the next step's input; {@code -1} for none
     */
    private static <I> List<StepCount> assertSameCounts(
            Dataflow<I, ?> flow, List<EpochItem<I>> input, int perWorkerStep) {
        MetricsTag tag = MetricsTag.finiteRun("test");
        List<EpochItem<Object>> captured = FiniteRun.onMember(cluster.member(0), flow, input, 2, tag);
        assertThat(captured).isNotEmpty();

        List<StepCount> expected = local(flow, input);
        List<StepCount> first = MemberMetrics.of(cluster.member(0)).run(tag.run());
        List<StepCount> second = MemberMetrics.of(cluster.member(1)).run(tag.run());
        assertThat(first).as("each member counts its own workers").isNotEmpty();
        assertThat(second).isNotEmpty();
        List<StepCount> cluster = StepCount.sum(List.of(first, second));
        assertThat(masked(cluster, perWorkerStep)).isEqualTo(masked(expected, perWorkerStep));
        cluster.stream().filter(StepCount::keyed).forEach(step -> {
            assertThat(step.done()).as("step %d finished", step.index()).isTrue();
            assertThat(step.keys()).isZero();
        });
        // asked of every member through the executor: the same
        List<ClusterMetrics.MemberReport> reports =
                ClusterMetrics.ofRun(JetStepCountsTest.cluster.member(1), tag.run(), Duration.ofSeconds(30));
        assertThat(reports).hasSize(2);
        assertThat(itemsInAndOut(ClusterMetrics.steps(reports))).isEqualTo(itemsInAndOut(cluster));
        return cluster;
    }

    /** The figures, but for the output of {@code perWorkerStep} and the input of the step after it. */
    private static List<String> masked(List<StepCount> counts, int perWorkerStep) {
        List<String> figures = itemsInAndOut(counts);
        if (perWorkerStep >= 0) {
            figures.set(perWorkerStep, figures.get(perWorkerStep).replaceAll("/\\d+$", "/*"));
            figures.set(perWorkerStep + 1, figures.get(perWorkerStep + 1).replaceAll(" \\d+/", " */"));
        }
        return figures;
    }

    @Test
    void wordcountOnTwoMembersCountsAsOneWorker() {
        assertSameCounts(
                Wordcount.flow(),
                List.of(
                        EpochItem.of(0, "to be or not to be"),
                        EpochItem.of(0, "to see"),
                        EpochItem.of(1, "be"),
                        EpochItem.of(2, "or not")));
    }

    @Test
    void pagerankCountsItsFusedReduceEpochLocalOnItsOwn() {
        List<StepCount> counts = assertSameCounts(
                PageRank.flow(),
                List.of(
                        EpochItem.of(0, "a,b"),
                        EpochItem.of(0, "a,c"),
                        EpochItem.of(0, "b,c"),
                        EpochItem.of(0, "c,a"),
                        EpochItem.of(1, "a,b")),
                3);
        // one partial per key and worker, each passed on to the exchange in front of reduce_epoch
        assertThat(counts.get(3).itemsOut()).isEqualTo(counts.get(4).itemsIn()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void anUntaggedRunCountsNowhere() {
        int before = MemberMetrics.of(cluster.member(0)).jobs().size();
        FiniteRun.onMember(cluster.member(0), Wordcount.flow(), List.of(EpochItem.of(0, "a")), 2);
        assertThat(MemberMetrics.of(cluster.member(0)).jobs()).hasSize(before);
    }
}
