package dev.sluice.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import dev.sluice.cluster.ChildJvm;
import dev.sluice.cluster.ClusterMain;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.testing.SideEffects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Sluice.clusterMain}: the seed's doc example, and its manual cluster example as a test. */
class ClusterMainTest {

    private static final int WORKERS_PER_PROCESS = 2;

    @TempDir
    Path dir;

    @Test
    void docExampleRunsAsAClusterOfOne() {
        // cluster_main(flow, input_builder, output_builder, [], 0, 1)
        SideEffects printed = SideEffects.create();
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class).capture();

        Sluice.clusterMain(
                flow,
                (workerIndex, workerCount) ->
                        IntStream.range(0, 3).mapToObj(i -> EpochItem.of(i, i)).toList(),
                (workerIndex, workerCount) -> printed::record,
                List.of(),
                0,
                1);

        assertThat(printed.records()).containsExactlyInAnyOrder("(0, 0)", "(1, 1)", "(2, 2)");
    }

    @Test
    void manualClusterOfTwoProcessesEachReadingItsOwnPartitions() throws Exception {
        // process 0 is this JVM, process 1 a child JVM started by hand, as a user would on two hosts
        for (int worker = 0; worker < 4; worker++) {
            Files.write(
                    dir.resolve("partition-" + worker + ".txt"), List.of("w" + worker + " one", "w" + worker + " two"));
        }

        Throwable failure = runBothProcesses();

        assertThat(failure).isNull();
        for (int worker = 0; worker < 4; worker++) {
            assertThat(Files.readAllLines(dir.resolve("out-" + worker + ".txt")))
                    .containsExactlyInAnyOrder("0 W" + worker + " ONE", "1 W" + worker + " TWO");
        }
    }

    @Test
    void aStepFailureOnOneProcessFailsTheRunOnEveryProcess() throws Exception {
        for (int worker = 0; worker < 4; worker++) {
            Files.write(dir.resolve("partition-" + worker + ".txt"), List.of(worker == 3 ? "boom" : "fine"));
        }

        Throwable failure = runBothProcesses();

        // worker 3 is on process 1: its failure reaches process 0 as thrown, and process 1 fails too
        assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessage("cannot shout boom");
        assertThat(StepFailure.of(failure))
                .hasValueSatisfying(step -> assertThat(step.stepIndex()).isEqualTo(0));
        assertThat(processOneExit).isEqualTo(1);
        assertThat(processOneOutput)
                .contains("FAILED java.lang.IllegalStateException: cannot shout boom")
                .contains("step 0 (map)");
    }

    @Test
    void interruptingAnyProcessCancelsTheRunOnEveryProcess() throws Exception {
        // both processes in this JVM, each in a thread of its own; process 1 is interrupted
        SideEffects seen = SideEffects.create();
        Dataflow<Integer, Integer> flow =
                Dataflow.input(Integer.class).inspect(seen::record).capture();
        List<String> addresses = freeAddresses(2);
        String clusterName = "sluice-test-" + UUID.randomUUID();
        Throwable[] thrown = new Throwable[2];
        boolean[] interruptFlag = new boolean[2];
        List<Thread> processes = new ArrayList<>();
        for (int procId = 0; procId < 2; procId++) {
            int id = procId;
            processes.add(new Thread(
                    () -> {
                        try {
                            ClusterMain.clusterMain(
                                    new ClusterJob<>(
                                            flow, (worker, workers) -> endless(), (worker, workers) -> pair -> {}, 1),
                                    addresses,
                                    id,
                                    clusterName,
                                    Duration.ofSeconds(60));
                        } catch (Throwable t) {
                            thrown[id] = t;
                            interruptFlag[id] = Thread.currentThread().isInterrupted();
                        }
                    },
                    "process-" + id));
        }
        processes.forEach(Thread::start);
        await().atMost(Duration.ofSeconds(60)).until(() -> !seen.records().isEmpty());

        processes.get(1).interrupt();
        for (Thread process : processes) {
            process.join(30_000);
        }

        assertThat(processes).noneMatch(Thread::isAlive);
        assertThat(thrown[0])
                .isInstanceOf(CancellationException.class)
                .hasMessageContaining("process 1 was interrupted");
        assertThat(thrown[1]).isInstanceOf(CancellationException.class);
        assertThat(interruptFlag).containsExactly(false, true);
    }

    /** An input that never ends, an item a millisecond. */
    private static Iterable<EpochItem<Integer>> endless() {
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public EpochItem<Integer> next() {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return EpochItem.of(0, next++);
            }
        };
    }

    private int processOneExit;
    private String processOneOutput;

    /** Runs process 1 in a child JVM and process 0 here; returns process 0's failure, if any. */
    private Throwable runBothProcesses() throws Exception {
        List<String> addresses = freeAddresses(2);
        String clusterName = "sluice-test-" + UUID.randomUUID();
        List<String> options = new ArrayList<>(LocalCluster.DEFAULT_JVM_OPTIONS);
        options.add("-Dsluice.cluster.name=" + clusterName);
        try (ChildJvm processOne = ChildJvm.start(
                "process 1",
                ManualClusterExample.class.getName(),
                options,
                List.of(dir.toString(), "1", String.join(",", addresses), Integer.toString(WORKERS_PER_PROCESS)))) {
            Throwable failure = catchThrowable(() -> ClusterMain.clusterMain(
                    new ClusterJob<>(
                            ManualClusterExample.flow(),
                            ManualClusterExample.input(dir.toString()),
                            ManualClusterExample.output(dir.toString()),
                            WORKERS_PER_PROCESS),
                    addresses,
                    0,
                    clusterName,
                    Duration.ofSeconds(60)));
            processOneExit = processOne.awaitExit(Duration.ofSeconds(30));
            processOneOutput = processOne.outputTail();
            return failure;
        }
    }

    private static List<String> freeAddresses(int count) {
        return LocalCluster.freeLoopbackPorts(count).stream()
                .map(port -> "127.0.0.1:" + port)
                .toList();
    }
}
