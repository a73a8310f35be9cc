package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.function.FunctionEx;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.Partitioner;
import com.hazelcast.jet.core.Vertex;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.log.CommitLogFn;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.worker.Exchange;
import dev.sluice.execution.worker.Segment;
import dev.sluice.failure.Throwables;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;

/**
 * Runs a {@link Dataflow} on Hazelcast's Jet engine: compiles it to a Jet Core {@link DAG} and runs
 * that as a light job on every member of the cluster.
 *
 * <h2>Workers</h2>
 * Each member is one process with {@code workersPerProcess} workers; every vertex has that local
 * parallelism, so each worker has one processor in each vertex. Worker
 * {@code processId * workersPerProcess + i} of {@code members * workersPerProcess} is the {@code i}-th
 * local processor on the member with that process ID ({@link ProcessIds}: declared by the member, or
 * its place in membership order).
 *
 * <h2>The DAG</h2>
 * <pre>
 *  input ──partitioned(key, Exhash)──► step-3-reduce_epoch ──partitioned──► step-7-stateful_map
 *    │ (fused: steps 0..2,               │ (fused: 4..6, incl. a              │ (fused: 8..)
 *    │  up to the first exchange)        │  reduce_epoch_local)               │
 *    └──────────────isolated─────────────┴───────────────isolated─────────────┴──► output
 * </pre>
 * <ul>
 *   <li>{@code input}: per worker, {@code inputBuilder.build(workerIndex, workerCount)}, run through
 *       the stateless steps before the first exchanging keyed step (and any {@code reduce_epoch_local}
 *       among them), fused. When its epoch moves to {@code e'}, it emits {@code Watermark(e')}.</li>
 *   <li>one vertex per keyed step that exchanges ({@code reduce}, {@code reduce_epoch},
 *       {@code stateful_map}), fed by a distributed edge partitioned by the item's key with
 *       {@code Exhash}, so every key lives on exactly one worker; it runs the keyed operator and the
 *       steps after it up to the next exchange, fused. Jet coalesces watermarks over every upstream
 *       worker of every member, which is "complete everywhere": a watermark {@code w} advances the
 *       keyed operators to {@code w}; the end of all input finishes them.</li>
 *   <li>{@code source}, for a {@link SourceInputFn} only: its Jet source (Kafka, say), a processor per
 *       worker, each feeding the {@code input} processor of its worker ({@link SourcedInputProcessor}),
 *       which then reads no input builder.</li>
 *   <li>{@code output}: per worker, the {@link dev.sluice.dataflow.fn.OutputFn} that
 *       {@code outputBuilder.build(workerIndex, workerCount)} made; each capture step of each vertex
 *       sends to it over an isolated (local, processor {@code i} to processor {@code i}) edge, so what
 *       worker {@code i} captures reaches worker {@code i}'s output. For a {@link SinkOutputFn}, its
 *       Jet sink takes the vertex's place. When every capture step is in one vertex and the output is a
 *       plain one (not a sink, not a {@link CommitLogFn} that commits with snapshots), that vertex
 *       calls the worker's output itself and there is no {@code output} vertex
 *       ({@link #fusesOutput}): a stateless flow is then one vertex, input to output in one call, as
 *       Flink chains it.</li>
 * </ul>
 * Items travel as {@link EpochItem}; register {@link JetSerialization} on every member so that they
 * cross members fast.
 *
 * <pre>{@code
 * DAG dag = JetDataflow.dag(flow, (worker, workers) -> inputOf(worker, workers),
 *         (worker, workers) -> epochItem -> System.out.println(epochItem), 4);
 * JetDataflow.run(hazelcastInstance, dag);
 * }</pre>
 */
public final class JetDataflow {

    private JetDataflow() {}

    /**
     * Compiles a flow into a Jet DAG.
     *
     * @param flow the flow; it must have a capture step
     * @param inputBuilder called once per worker, on its member, for that worker's input, which must
     *        not go backwards in epoch
     * @param outputBuilder called once per worker, on its member, for the output of what that worker
     *        captures
     * @param workersPerProcess the workers on each member, {@code >= 1}
     * @throws dev.sluice.dataflow.InvalidDataflowException when the flow has no capture step
     */
    public static <I> DAG dag(
            Dataflow<I, ?> flow, InputBuilderFn<I> inputBuilder, OutputBuilderFn outputBuilder, int workersPerProcess) {
        return dag(flow, inputBuilder, outputBuilder, workersPerProcess, null);
    }

    /**
     * Compiles a flow into a Jet DAG whose workers count what each step does under {@code tag}, in
     * their member's {@link MemberMetrics} (see {@link dev.sluice.execution.metrics.StepMetrics}).
     *
     * @param tag whose work it is; {@code null} counts nowhere, as {@link #dag(Dataflow, InputBuilderFn,
     *     OutputBuilderFn, int)} does
     */
    @SuppressWarnings("unchecked")
    public static <I> DAG dag(
            Dataflow<I, ?> flow,
            InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder,
            int workersPerProcess,
            MetricsTag tag) {
        return dag(flow, inputBuilder, outputBuilder, workersPerProcess, tag, true);
    }

    /**
     * The DAG of {@link #dag(Dataflow, InputBuilderFn, OutputBuilderFn, int, MetricsTag)}; with
     * {@code mayFuseOutput} false, always with an {@code output} vertex, as a job whose output commits
     * has it.
     */
    @SuppressWarnings("unchecked")
    static <I> DAG dag(
            Dataflow<I, ?> flow,
            InputBuilderFn<I> inputBuilder,
            OutputBuilderFn outputBuilder,
            int workersPerProcess,
            MetricsTag tag,
            boolean mayFuseOutput) {
        Objects.requireNonNull(flow, "flow must not be null").validate();
        Objects.requireNonNull(inputBuilder, "inputBuilder must not be null");
        Objects.requireNonNull(outputBuilder, "outputBuilder must not be null");
        if (workersPerProcess < 1) {
            throw new IllegalArgumentException("workersPerProcess must be at least 1, got " + workersPerProcess);
        }
        List<Step> steps = flow.steps();
        int[] captureSteps = IntStream.range(0, steps.size())
                .filter(i -> steps.get(i) instanceof Step.Capture)
                .toArray();

        List<VertexPlan> plans = vertexPlans(steps, tag);
        boolean fused = mayFuseOutput && fusesOutput(plans, outputBuilder);
        OutputBuilderFn fusedOutput = fused ? outputBuilder : null;

        DAG dag = new DAG();
        Vertex output = fused
                ? null
                : dag.newVertex(
                                "output",
                                outputBuilder instanceof SinkOutputFn sink
                                        ? sink.sink()
                                        : new WorkerMetaSupplier(
                                                workersPerProcess,
                                                workers -> new OutputProcessor(outputBuilder, captureSteps, workers)))
                        .localParallelism(workersPerProcess);

        InputBuilderFn<Object> input = (InputBuilderFn<Object>) (InputBuilderFn<?>) inputBuilder;
        Vertex previous = null;
        int outputOrdinal = 0;
        for (VertexPlan plan : plans) {
            OutputBuilderFn vertexOutput = plan.captureCount() > 0 ? fusedOutput : null;
            Vertex vertex;
            if (previous == null && input instanceof SourceInputFn<Object> sourced) {
                Vertex source = dag.newVertex("source", sourced.source()).localParallelism(workersPerProcess);
                vertex = dag.newVertex(
                        "input",
                        new WorkerMetaSupplier(
                                workersPerProcess, workers -> new SourcedInputProcessor(plan, workers, vertexOutput)));
                dag.edge(Edge.between(source, vertex).isolated());
            } else if (previous == null) {
                vertex = dag.newVertex("input", WorkerMetaSupplier.perProcess(workersPerProcess, process -> {
                    InputBuilderFn<Object> share = shareOf(input, process);
                    return workers -> new InputProcessor(plan, workers, share, vertexOutput);
                }));
            } else {
                Segment head = plan.segments().get(0);
                vertex = dag.newVertex(
                        "step-" + head.firstIndex() + "-" + head.head().operator(),
                        new WorkerMetaSupplier(
                                workersPerProcess, workers -> new StepsProcessor(plan, workers, vertexOutput)));
                dag.edge(Edge.from(previous, 0)
                        .to(vertex, 0)
                        .partitioned(KEY_FN, new ExhashPartitioner(Exchange.before(head)))
                        .distributed());
            }
            vertex.localParallelism(workersPerProcess);
            if (output != null) {
                int ordinal = plan.next() != null ? 1 : 0;
                for (int c = plan.captureCount(); c > 0; c--) {
                    dag.edge(Edge.from(vertex, ordinal++)
                            .to(output, outputOrdinal++)
                            .isolated());
                }
            }
            previous = vertex;
        }
        return dag;
    }

    /**
     * Whether the capture steps call the output in their own vertex, with no {@code output} vertex:
     * when they are all in one vertex (so each worker's output is called from one thread, as
     * {@link dev.sluice.dataflow.fn.OutputFn} promises) and the output is a plain one, built per worker.
     * Not for a {@link SinkOutputFn} (a Jet sink, a vertex by nature), a {@link CommitLogFn} (it commits
     * with the snapshots, which the output vertex stages). A vertex that calls the output is not
     * cooperative, as the output may block.
     */
    static boolean fusesOutput(List<VertexPlan> plans, OutputBuilderFn outputBuilder) {
        if (outputBuilder instanceof SinkOutputFn || outputBuilder instanceof CommitLogFn) {
            return false;
        }
        return plans.stream().filter(plan -> plan.captureCount() > 0).count() == 1;
    }

    /** What the workers of one process build their input from: only their share, when the input can split. */
    private static InputBuilderFn<Object> shareOf(InputBuilderFn<Object> input, Workers process) {
        return input instanceof SplittableInputFn<Object> splittable
                ? splittable.share(process.index(0), process.workersPerProcess(), process.workerCount())
                : input;
    }

    /** Groups a flow's segments into vertices, one per stage ({@link Segment#stageBounds}). */
    static List<VertexPlan> vertexPlans(List<Step> steps) {
        return vertexPlans(steps, null);
    }

    private static List<VertexPlan> vertexPlans(List<Step> steps, MetricsTag tag) {
        int[] bounds = Segment.stageBounds(Segment.of(steps));
        List<VertexPlan> plans = new ArrayList<>(bounds.length - 1);
        for (int v = 0; v + 1 < bounds.length; v++) {
            plans.add(new VertexPlan(steps, bounds[v], bounds[v + 1], tag));
        }
        return plans;
    }

    /**
     * Runs a DAG from {@link #dag} as a Jet light job on every member of the cluster, and waits until
     * it is done.
     *
     * <p>An exception thrown by a step, an input or an output reaches the caller as it was thrown (same
     * type and message, with its {@link dev.sluice.dataflow.StepFailure} attached), not wrapped in
     * Jet's exceptions; so do {@link dev.sluice.dataflow.EpochOrderException} and
     * {@link dev.sluice.dataflow.NotKeyValueException}. Interrupting the calling thread cancels the job
     * and throws a {@link CancellationException}, leaving the interrupt flag set.
     *
     * @param hz a member of the cluster (or a client of it)
     * @param dag the DAG
     */
    public static void run(HazelcastInstance hz, DAG dag) {
        Objects.requireNonNull(hz, "hz must not be null");
        Objects.requireNonNull(dag, "dag must not be null");
        join(hz.getJet().newLightJob(dag, new JobConfig()));
    }

    /**
     * Waits until a job of a Sluice DAG is done, with the failure handling of {@link #run}: the
     * original exception of a failed job is thrown, and interrupting the waiting thread cancels it.
     *
     * @param job a job started from a DAG of {@link #dag}
     */
    public static void join(Job job) {
        try {
            job.getFuture().get();
        } catch (InterruptedException e) {
            try {
                job.cancel();
            } catch (RuntimeException alreadyDone) {
                // it finished meanwhile: nothing to cancel
            }
            throw Throwables.interrupted(
                    "job " + job.getIdString() + " cancelled: the thread waiting for it was interrupted", e);
        } catch (ExecutionException e) {
            throw Throwables.sneaky(Failures.original(e));
        }
    }

    /** The key of an item in front of a keyed step (checked to be a {@link KeyValue} upstream). */
    private static final FunctionEx<EpochItem<?>, Object> KEY_FN =
            epochItem -> ((KeyValue<?, ?>) epochItem.item()).key();

    /**
     * The Jet partition of a key: by its consistent hash, the same in every member's JVM. A key that
     * cannot be hashed fails the run, naming the keyed step it was meant for.
     */
    private record ExhashPartitioner(Exchange exchange) implements Partitioner<Object> {
        @Override
        public int getPartition(Object key, int partitionCount) {
            return exchange.owner(key, partitionCount);
        }
    }
}
