package dev.sluice.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.MemberClassData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Sluice.spawnCluster}: the seed's doc example, with output a reader can check. */
class SpawnClusterTest {

    @TempDir
    Path dir;

    @Test
    void docExampleEveryWorkerOfEveryProcessBuildsItsOwnInputAndOutput() throws Exception {
        // 2 processes x 2 workers: each worker's input is its own index, and each worker writes
        // what it captures to a file of its own, in its own process
        String outDir = dir.toString();
        Dataflow<Integer, Integer> flow = Dataflow.input(Integer.class).capture();

        Sluice.spawnCluster(
                flow,
                (workerIndex, workerCount) -> List.of(EpochItem.of(0, workerIndex), EpochItem.of(1, workerCount)),
                (workerIndex, workerCount) -> pair -> Files.writeString(
                        Path.of(outDir, "worker-" + workerIndex),
                        pair + " in " + ProcessHandle.current().pid() + "\n",
                        StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND),
                2,
                2);

        for (int worker = 0; worker < 4; worker++) {
            assertThat(Files.readAllLines(dir.resolve("worker-" + worker)))
                    .extracting(line -> line.substring(0, line.indexOf(" in ")))
                    .containsExactlyInAnyOrder("(0, " + worker + ")", "(1, 4)");
        }
        // workers 0 and 1 ran in process 0, workers 2 and 3 in process 1: two other JVMs
        assertThat(List.of(pidOf(0), pidOf(1))).containsOnly(pidOf(0));
        assertThat(List.of(pidOf(2), pidOf(3))).containsOnly(pidOf(2));
        assertThat(pidOf(0))
                .isNotEqualTo(pidOf(2))
                .isNotEqualTo(Long.toString(ProcessHandle.current().pid()));
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(ProcessHandle::isAlive)
                        .filter(child -> !MemberClassData.isTraining(child)))
                .isEmpty();
    }

    private String pidOf(int worker) throws Exception {
        String line = Files.readAllLines(dir.resolve("worker-" + worker)).get(0);
        return line.substring(line.indexOf(" in ") + 4);
    }
}
