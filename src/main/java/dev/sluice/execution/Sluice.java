package dev.sluice.execution;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.local.LocalDriver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * The entry points that run a {@link Dataflow}: the seed's {@code run}, {@code run_cluster},
 * {@code spawn_cluster} and {@code cluster_main}.
 *
 * <p>{@link #run} is one worker in the calling thread. The others run the flow on Hazelcast's Jet
 * engine over several processes with several workers each. Worker indices are global:
 * {@code workerIndex = procId * workersPerProc + localIndex} of
 * {@code workerCount = processes * workersPerProc}. An exception in any worker of any process fails
 * the whole run and reaches the caller as it was thrown (type and message), with a
 * {@link dev.sluice.dataflow.StepFailure} attached naming the step; interrupting the caller cancels
 * the run on every process with a {@link CancellationException} and leaves the interrupt flag set.
 * Step functions and builders travel to the processes serialized, so the processes must have the
 * same classes (they do: the child JVMs of {@link #runCluster} and {@link #spawnCluster} have this
 * JVM's class path).
 */
public final class Sluice {

    private Sluice() {}

    /**
     * Runs a flow as one worker in the calling thread, with no cluster, and returns every
     * {@code (epoch, item)} its capture steps saw, in the order they were captured.
     *
     * <pre>{@code
     * Dataflow<String, String> flow = Dataflow.input(String.class).map(String::toUpperCase).capture();
     * Sluice.run(flow, List.of(EpochItem.of(0, "a"), EpochItem.of(1, "b")));  // [(0, A), (1, B)]
     * }</pre>
     *
     * <p>The input must be finite and must not go backwards in epoch. An exception thrown by a step
     * reaches the caller as it was thrown (same type and message), with a
     * {@link dev.sluice.dataflow.StepFailure} attached that names the step. Interrupting the calling
     * thread stops the run with a {@link CancellationException}, and leaves the interrupt flag set.
     *
     * @param flow the flow; it must have a capture step
     * @param input the input pairs, in epoch order
     * @return the captured pairs
     * @throws dev.sluice.dataflow.InvalidDataflowException when the flow has no capture step
     * @throws dev.sluice.dataflow.EpochOrderException when the input goes backwards in epoch
     */
    public static <I> List<EpochItem<Object>> run(
            Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input) {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(input, "input must not be null");
        List<EpochItem<Object>> output = new ArrayList<>();
        LocalDriver<I> driver = new LocalDriver<>(flow, (epoch, item) -> output.add(new EpochItem<>(epoch, item)));
        Iterator<? extends EpochItem<? extends I>> items = input.iterator();
        long count = 0;
        // The flag is checked before every item (an intrinsic read of a field: about a nanosecond), so
        // an interrupt stops the run within the one item it is processing, as the seed's run does.
        while (items.hasNext()) {
            if (Thread.currentThread().isInterrupted()) {
                throw new CancellationException("run of " + flow + " interrupted after " + count + " input items");
            }
            EpochItem<? extends I> epochItem = items.next();
            if (epochItem == null) {
                throw new NullPointerException("input pair " + count + " is null");
            }
            driver.push(epochItem);
            count++;
        }
        driver.finish();
        return output;
    }

    /**
     * Runs a flow on {@code procCount} new processes (child JVMs on this machine's loopback) with
     * {@code workersPerProc} workers each, and returns every {@code (epoch, item)} its capture steps
     * saw, in no particular order.
     *
     * <pre>{@code
     * Dataflow<String, String> flow = Dataflow.input(String.class).map(String::toUpperCase).capture();
     * Sluice.runCluster(flow, List.of(EpochItem.of(0, "a"), EpochItem.of(1, "b"), EpochItem.of(2, "c")), 2, 1);
     * // (0, A), (1, B), (2, C) in some order
     * }</pre>
     *
     * <p>The input is read into a list first (so it must be finite) and split round-robin over all
     * workers: pair {@code i} goes to worker {@code i % workerCount}. Each worker's share must not go
     * backwards in epoch. The processes are started for this run and stopped afterwards, whatever
     * happens; no process outlives it, nor this JVM. Starting them takes a few seconds: for speed on
     * one machine, {@link #run} or one process with many workers is the fast path.
     *
     * @param flow the flow; it must have a capture step
     * @param input the input pairs
     * @param procCount the number of processes, {@code >= 1}
     * @param workersPerProc the workers of each process, {@code >= 1}
     * @return the captured pairs
     * @throws dev.sluice.dataflow.InvalidDataflowException when the flow has no capture step (before any process starts)
     * @throws CancellationException when the calling thread is interrupted
     */
    public static <I> List<EpochItem<Object>> runCluster(
            Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input, int procCount, int workersPerProc) {
        return ClusterLaunchers.get().runCluster(flow, input, procCount, workersPerProc);
    }

    /** {@link #runCluster(Dataflow, Iterable, int, int)} with one worker per process, as the seed's default. */
    public static <I> List<EpochItem<Object>> runCluster(
            Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input, int procCount) {
        return runCluster(flow, input, procCount, 1);
    }

    /**
     * Runs a flow on {@code procCount} new processes (child JVMs on this machine's loopback) with
     * {@code workersPerProc} workers each, and blocks until it is done. Each worker calls
     * {@code inputBuilder.build(workerIndex, workerCount)} and
     * {@code outputBuilder.build(workerIndex, workerCount)} itself, in its own process: the builders
     * are serialized to the processes, so they should reach files, sockets or services, not objects
     * of this JVM.
     *
     * <pre>{@code
     * Sluice.spawnCluster(flow,
     *         (worker, workers) -> List.of(EpochItem.of(0, worker)),
     *         (worker, workers) -> pair -> Files.writeString(Path.of("out-" + worker), pair + "\n", CREATE, APPEND),
     *         2, 2);
     * }</pre>
     *
     * <p>The processes are stopped afterwards, whatever happens.
     *
     * @param procCount the number of processes, {@code >= 1}
     * @param workersPerProc the workers of each process, {@code >= 1}
     * @throws dev.sluice.dataflow.InvalidDataflowException when the flow has no capture step (before any process starts)
     * @throws CancellationException when the calling thread is interrupted
     */
    public static <I> void spawnCluster(
            Dataflow<I, ?> flow,
            InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder,
            int procCount,
            int workersPerProc) {
        ClusterLaunchers.get()
                .spawnCluster(new ClusterJob<>(flow, inputBuilder, outputBuilder, workersPerProc), procCount);
    }

    /** {@link #spawnCluster(Dataflow, InputBuilderFn, OutputBuilderFn, int, int)} with one worker per process. */
    public static <I> void spawnCluster(
            Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder, int procCount) {
        spawnCluster(flow, inputBuilder, outputBuilder, procCount, 1);
    }

    /**
     * Runs a flow with this process as process {@code procId} of a cluster of
     * {@code addresses.size()} processes, and blocks until the flow is done on all of them. Start
     * every process with the same flow, builders, addresses and workers per process, and each with
     * its own {@code procId}; they may start in any order.
     *
     * <pre>{@code
     * // on host a:  Sluice.clusterMain(flow, ib, ob, List.of("a:2101", "b:2101"), 0, 4);
     * // on host b:  Sluice.clusterMain(flow, ib, ob, List.of("a:2101", "b:2101"), 1, 4);
     * }</pre>
     *
     * <p>This process starts a Hazelcast member listening on the port of {@code addresses.get(procId)}
     * (on that address when it is one of this machine's, else on every interface), which joins the
     * others by TCP/IP only, declares {@code procId} as its process ID, and waits up to two minutes
     * for all of them. The job runs once (process 0 submits it); every worker calls the builders
     * itself on its own process. Then every process shuts its member down and returns, or throws
     * the run's failure. The Hazelcast cluster name is the {@code sluice.cluster.name} system
     * property, else the {@code SLUICE_CLUSTER_NAME} environment variable, else {@code sluice}.
     *
     * <p>With no addresses, this process is a cluster of one ({@code procId} 0) on a free loopback port.
     *
     * @param addresses {@code host:port} of every process, by process ID, this one included; may be empty
     * @param procId this process's ID, {@code 0 <= procId < addresses.size()} (0 when empty)
     * @param workersPerProc the workers of each process, {@code >= 1}
     * @throws dev.sluice.cluster.ClusterJoinException when the others do not join in time, naming the missing ones
     * @throws CancellationException when the calling thread of any process is interrupted
     */
    public static <I> void clusterMain(
            Dataflow<I, ?> flow,
            InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder,
            List<String> addresses,
            int procId,
            int workersPerProc) {
        ClusterLaunchers.get()
                .clusterMain(new ClusterJob<>(flow, inputBuilder, outputBuilder, workersPerProc), addresses, procId);
    }

    /** {@link #clusterMain(Dataflow, InputBuilderFn, OutputBuilderFn, List, int, int)} as a cluster of one with one worker, as the seed's defaults. */
    public static <I> void clusterMain(
            Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder) {
        clusterMain(flow, inputBuilder, outputBuilder, List.of(), 0, 1);
    }
}
