package dev.sluice.execution;

import dev.sluice.cluster.ChildJvm;
import dev.sluice.cluster.ParentWatch;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed's manual cluster example: each process is started by hand with the addresses of all of
 * them and its own ID; each worker reads its own partition file, upper-cases its lines and writes
 * them to an output file of its own. A line {@code boom} makes the map step throw.
 *
 * <pre>
 * java … ManualClusterExample DIR PROC_ID HOST:PORT,HOST:PORT WORKERS_PER_PROC
 * </pre>
 */
public final class ManualClusterExample {

    private ManualClusterExample() {}

    static Dataflow<String, String> flow() {
        return Dataflow.input(String.class)
                .map(line -> {
                    if (line.equals("boom")) {
                        throw new IllegalStateException("cannot shout " + line);
                    }
                    return line.toUpperCase();
                })
                .capture();
    }

    /** Worker {@code w} reads {@code DIR/partition-w.txt}; line {@code i} is in epoch {@code i}. */
    static InputBuilderFn<String> input(String dir) {
        return (workerIndex, workerCount) -> {
            List<String> lines = Files.readAllLines(Path.of(dir, "partition-" + workerIndex + ".txt"));
            List<EpochItem<String>> items = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                items.add(EpochItem.of(i, lines.get(i)));
            }
            return items;
        };
    }

    /** Worker {@code w} appends {@code epoch item} lines to {@code DIR/out-w.txt}. */
    static OutputBuilderFn output(String dir) {
        return (workerIndex, workerCount) -> {
            Path file = Path.of(dir, "out-" + workerIndex + ".txt");
            return pair -> Files.writeString(
                    file,
                    pair.epoch() + " " + pair.item() + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        };
    }

    public static void main(String[] args) {
        ParentWatch.exitWithParent();
        String dir = args[0];
        int procId = Integer.parseInt(args[1]);
        List<String> addresses = List.of(args[2].split(","));
        int workersPerProc = Integer.parseInt(args[3]);
        try {
            Sluice.clusterMain(flow(), input(dir), output(dir), addresses, procId, workersPerProc);
            System.out.println(ChildJvm.READY_PREFIX + "done");
            System.out.flush();
            ParentWatch.exitSoon(0);
        } catch (Throwable t) {
            System.out.println("FAILED " + t + " "
                    + StepFailure.of(t).map(StepFailure::getMessage).orElse(""));
            System.out.flush();
            ParentWatch.exitSoon(1);
        }
    }
}
