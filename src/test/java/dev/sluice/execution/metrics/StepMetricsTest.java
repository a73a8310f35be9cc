package dev.sluice.execution.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.execution.metrics.StepMetrics.JobKey;
import dev.sluice.execution.worker.WorkerChain;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A process's registry: live chains and stopped ones added up, per run and per job, and forgotten. */
class StepMetricsTest {

    private static final Dataflow<String, ?> FLOW =
            Dataflow.input(String.class).map(String::length).capture();

    private static WorkerChain fed(int items) {
        WorkerChain chain = WorkerChain.of(FLOW.steps(), (epoch, item) -> {});
        for (int i = 0; i < items; i++) {
            push(chain, 0, "x");
        }
        return chain;
    }

    private static List<Long> itemsIn(List<StepCount> counts) {
        return counts.stream().map(StepCount::itemsIn).toList();
    }

    /** Gives the chain an item, as a driver does: counted at the chain's input. */
    private static void push(WorkerChain chain, long epoch, Object item) {
        chain.countInput();
        chain.head().accept(epoch, item);
    }

    @Test
    void aJobAddsUpItsRunningAndStoppedWorkersAndARestart() {
        StepMetrics metrics = new StepMetrics();
        List<JobKey> announced = new ArrayList<>();
        metrics.onNewJob(announced::add);
        MetricsTag job = MetricsTag.job("f", "j1");

        StepMetrics.Registration first = metrics.register(job, fed(3));
        metrics.register(job, fed(2));
        assertThat(itemsIn(metrics.run("j1"))).containsExactly(5L, 5L);

        first.close();
        first.close(); // idempotent
        metrics.register(job, fed(4)); // the restarted worker
        assertThat(itemsIn(metrics.job("f", "j1"))).containsExactly(9L, 9L);
        assertThat(announced).containsExactly(new JobKey("f", "j1"));
        assertThat(metrics.jobs()).containsExactly(new JobKey("f", "j1"));

        metrics.forget("j1");
        assertThat(metrics.run("j1")).isEmpty();
        assertThat(metrics.job("f", "j1")).isEmpty();
        assertThat(metrics.jobs()).isEmpty();
    }

    @Test
    void finiteRunsAreKeptAWhileEachAndAddIntoTheirFlowsRuns() {
        StepMetrics metrics = new StepMetrics();
        List<MetricsTag> runs = new ArrayList<>();
        for (int r = 0; r < StepMetrics.RECENT_RUNS + 10; r++) {
            MetricsTag run = MetricsTag.finiteRun("f");
            runs.add(run);
            metrics.register(run, fed(1)).close();
        }
        assertThat(metrics.run(runs.get(0).run())).as("retired").isEmpty();
        assertThat(itemsIn(metrics.run(runs.get(runs.size() - 1).run()))).containsExactly(1L, 1L);
        assertThat(itemsIn(metrics.job("f", MetricsTag.RUNS))).containsExactly((long) runs.size(), (long) runs.size());
    }

    @Test
    void aStoppedWorkerHoldsNoKeysAndAFrontierOnlyIfItFinished() {
        Dataflow<String, ?> keyed = Dataflow.input(String.class)
                .mapToKeyValue(s -> dev.sluice.dataflow.KeyValue.of(s, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        StepMetrics metrics = new StepMetrics();
        WorkerChain finished = WorkerChain.of(keyed.steps(), (e, i) -> {});
        push(finished, 0, "a");
        finished.finish();
        WorkerChain cancelled = WorkerChain.of(keyed.steps(), (e, i) -> {});
        push(cancelled, 0, "b");
        cancelled.advanceTo(3);
        metrics.register(MetricsTag.job("k", "j"), finished).close();
        StepMetrics.Registration running = metrics.register(MetricsTag.job("k", "j"), cancelled);

        StepCount reduce = metrics.run("j").get(1);
        assertThat(reduce.keys())
                .as("b: its epoch 0 completed when the worker advanced to 3")
                .isZero();
        assertThat(reduce.lowestOpenEpoch()).isEqualTo(3);

        running.close();
        reduce = metrics.run("j").get(1);
        assertThat(reduce.keys()).isZero();
        assertThat(reduce.lowestOpenEpoch())
                .as("only the finished worker knows")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(reduce.itemsIn()).isEqualTo(2);
    }

    @Test
    void aSharedLogsShareBelowAPositionCountsEveryWorkersOwnItems() {
        // items 0..9 over 4 workers: worker 1 owns 1, 5, 9
        assertThat(InputProgress.shareBelow(10, 1, 4)).isEqualTo(3);
        assertThat(InputProgress.shareBelow(9, 1, 4)).isEqualTo(2);
        assertThat(InputProgress.shareBelow(1, 1, 4)).isZero();
        assertThat(InputProgress.shareBelow(0, 0, 4)).isZero();
        long all = 0;
        for (int w = 0; w < 4; w++) {
            all += InputProgress.shareBelow(10, w, 4);
        }
        assertThat(all).isEqualTo(10);
    }
}
