package dev.sluice.cluster;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.execution.Sluice;
import dev.sluice.operators.OperatorContract;
import dev.sluice.testing.FlowDriver;
import dev.sluice.testing.SideEffects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator contract on two child JVM processes with two workers each, submitted through a
 * client of this JVM: the network path between processes, started once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChildProcessesOperatorTest extends OperatorContract {

    private static final int PROCESSES = 2;
    private static final int WORKERS_PER_PROCESS = 2;

    private LocalCluster cluster;

    @BeforeAll
    void startCluster() throws InterruptedException {
        cluster = LocalCluster.start(PROCESSES);
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            List<ProcessHandle> children =
                    cluster.children().stream().map(ChildJvm::handle).toList();
            cluster.close();
            assertThat(children).noneMatch(ProcessHandle::isAlive);
        }
    }

    @Override
    protected FlowDriver driver() {
        return new FlowDriver() {
            @Override
            public <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
                return ClientRuns.runOn(cluster.client(), cluster.clusterName(), flow, input, WORKERS_PER_PROCESS);
            }

            @Override
            public int workerCount() {
                return PROCESSES * WORKERS_PER_PROCESS;
            }
        };
    }

    @Test
    void keyedStateOfEveryKeyLivesOnOneWorkerOfTheClusterAndResultsMatchTheLocalRun() {
        // Every worker gets some values of every key (round-robin), so each key's values must cross
        // workers and processes to meet its state. The state builder records where it ran: once per
        // key means the key's state lives on exactly one worker of the whole cluster.
        SideEffects built = SideEffects.create();
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .statefulMap(
                        key -> {
                            built.record(key + " " + ProcessHandle.current().pid() + " "
                                    + Thread.currentThread().getName());
                            return 0;
                        },
                        (Integer count, Integer one) -> StateUpdate.of(count + one, count + one))
                .capture();
        List<EpochItem<String>> input = new ArrayList<>();
        for (int epoch = 0; epoch < 5; epoch++) {
            for (int i = 0; i < 40; i++) {
                input.add(of(epoch, "k" + (i % 20)));
            }
        }

        List<EpochItem<Object>> out = driver().run(flow, input);
        List<String> builtAt = built.records();

        assertThat(out).containsExactlyInAnyOrderElementsOf(Sluice.run(flow, input));
        Map<String, List<String>> placesByKey = builtAt.stream()
                .map(line -> line.split(" ", 2))
                .collect(Collectors.groupingBy(
                        parts -> parts[0], Collectors.mapping(parts -> parts[1], Collectors.toList())));
        assertThat(placesByKey)
                .hasSize(20)
                .allSatisfy((key, places) -> assertThat(places).hasSize(1));
        Set<String> pids = placesByKey.values().stream()
                .map(places -> places.get(0).split(" ")[0])
                .collect(Collectors.toSet());
        assertThat(pids)
                .as("processes holding keyed state")
                .containsExactlyInAnyOrderElementsOf(
                        cluster.pids().stream().map(String::valueOf).toList());
    }
}
