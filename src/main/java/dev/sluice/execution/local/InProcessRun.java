package dev.sluice.execution.local;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.EpochOrderException;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepMetrics;
import dev.sluice.execution.worker.Exchange;
import dev.sluice.execution.worker.Segment;
import dev.sluice.execution.worker.WorkerChain;
import dev.sluice.exhash.Exhash;
import dev.sluice.failure.Throwables;
import dev.sluice.operators.CaptureSink;
import dev.sluice.operators.Downstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A finite run of a flow as {@code workerCount} workers in the calling thread, with the semantics of
 * the Jet driver's run of the same input over as many workers: the input split round-robin (worker
 * {@code w} of {@code n} takes the pairs at indices {@code i % n == w}), each worker's operators one
 * {@link WorkerChain} per stage of the flow (a new stage at each keyed step that exchanges, as the
 * Jet driver's vertices), and the exchange in front of a stage a call into the chain of the worker
 * that owns the key, by its {@link Exhash}. So {@code reduce_epoch_local} folds per worker as it does
 * on a cluster, and a key that cannot be hashed fails as it does there, naming its step.
 *
 * <p>Why: a Jet light job costs about 2 ms on one member and 7 ms across three before it does any
 * work (the light-job floor in {@code BENCHMARKS.md}), which is all of a run of a few items. The
 * service runs runs this small here instead ({@code sluice.run.in-process-max-items}).
 *
 * <h2>Progress</h2>
 * A worker's first chain advances as its own input does, and finishes after its last pair. The
 * chains of a later stage all advance together to the lowest frontier of the stage before, once that
 * stage has advanced and emitted what the advance completed: the rule of a cluster's watermarks, with
 * every worker on one thread.
 *
 * <pre>{@code
 * InProcessRun.run(wordcount, input, 4, (epoch, item) -> captured.add(new EpochItem<>(epoch, item)));
 * }</pre>
 */
public final class InProcessRun {

    private static final Downstream DISCARD = (epoch, item) -> {};

    /** How many pairs go in between two looks at the thread's interrupt flag. */
    private static final int INTERRUPT_CHECK_EVERY = 256;

    private final WorkerChain[][] stages;
    private final int workerCount;
    /** The frontier of every stage after the first: the lowest of the first stage's workers. */
    private long laterFrontier;

    private InProcessRun(List<List<Segment>> stageSegments, int workerCount, CaptureSink output) {
        this.workerCount = workerCount;
        this.stages = new WorkerChain[stageSegments.size()][workerCount];
        for (int s = stages.length - 1; s >= 0; s--) {
            Downstream end = s == stages.length - 1 ? DISCARD : exchangeTo(stages[s + 1], stageSegments.get(s + 1));
            for (int w = 0; w < workerCount; w++) {
                stages[s][w] = WorkerChain.of(stageSegments.get(s), end, capture -> output);
            }
        }
    }

    /**
     * Runs the flow over {@code input} and hands each captured pair to {@code output}, from this
     * thread, and returns when the run is done. What a step throws is thrown as it was thrown, with
     * its {@link dev.sluice.dataflow.StepFailure} attached.
     *
     * @param input each worker's share must not go backwards in epoch (the whole input in epoch order
     *     ensures it)
     * @param workerCount how many workers the run has, {@code >= 1}
     * @throws EpochOrderException when a worker's share goes backwards in epoch, naming both epochs
     * @throws NullPointerException when a pair is {@code null}, naming its index
     * @throws java.util.concurrent.CancellationException when the thread is interrupted (the flag is
     *     left set)
     */
    public static <I> void run(
            Dataflow<I, ?> flow, List<? extends EpochItem<? extends I>> input, int workerCount, CaptureSink output) {
        run(flow, input, workerCount, output, null, null);
    }

    /**
     * The same, each worker counting what each step does under {@code tag} in {@code metrics}, as a
     * Jet worker counts in its member's registry ({@code null}: nowhere).
     */
    public static <I> void run(
            Dataflow<I, ?> flow,
            List<? extends EpochItem<? extends I>> input,
            int workerCount,
            CaptureSink output,
            StepMetrics metrics,
            MetricsTag tag) {
        Objects.requireNonNull(flow, "flow must not be null").validate();
        Objects.requireNonNull(input, "input must not be null");
        Objects.requireNonNull(output, "output must not be null");
        if (workerCount < 1) {
            throw new IllegalArgumentException("workerCount must be at least 1, got " + workerCount);
        }
        InProcessRun run = new InProcessRun(stagesOf(Segment.of(flow.steps())), workerCount, output);
        List<StepMetrics.Registration> registrations = new ArrayList<>();
        try {
            if (metrics != null && tag != null) {
                for (WorkerChain[] stage : run.stages) {
                    for (WorkerChain chain : stage) {
                        registrations.add(metrics.register(tag, chain));
                    }
                }
            }
            run.feed(input);
        } finally {
            registrations.forEach(StepMetrics.Registration::close);
        }
    }

    private void feed(List<? extends EpochItem<?>> input) {
        WorkerChain[] first = stages[0];
        int size = input.size();
        for (int i = 0; i < size; i++) {
            EpochItem<?> pair = input.get(i);
            if (pair == null) {
                throw new NullPointerException("input pair " + i + " is null; give EpochItem.of(epoch, item)");
            }
            if (i % INTERRUPT_CHECK_EVERY == 0 && Thread.interrupted()) {
                throw Throwables.interrupted(
                        "the run was cancelled: its thread was interrupted", new InterruptedException());
            }
            WorkerChain worker = first[i % workerCount];
            long epoch = pair.epoch();
            if (epoch != worker.frontier().lowestOpenEpoch()) {
                if (!worker.frontier().lessEqual(epoch)) {
                    throw new EpochOrderException(worker.frontier().lowestOpenEpoch(), epoch);
                }
                worker.advanceTo(epoch);
                advanceLaterStages();
            }
            if (!pair.isAdvance()) {
                worker.countInput();
                worker.head().accept(epoch, pair.item());
            }
            if (i + workerCount >= size) { // the worker's last pair
                worker.finish();
                advanceLaterStages();
            }
        }
        for (WorkerChain worker : first) { // those that had no pair at all
            worker.finish();
        }
        advanceLaterStages();
    }

    /** Moves the later stages to the lowest frontier of the first, or finishes them, in flow order. */
    private void advanceLaterStages() {
        long lowest = Long.MAX_VALUE;
        for (WorkerChain worker : stages[0]) {
            lowest = Math.min(lowest, worker.frontier().lowestOpenEpoch());
        }
        if (lowest <= laterFrontier) {
            return;
        }
        laterFrontier = lowest;
        for (int s = 1; s < stages.length; s++) {
            for (WorkerChain worker : stages[s]) {
                if (lowest == Long.MAX_VALUE) {
                    worker.finish();
                } else {
                    worker.advanceTo(lowest);
                }
            }
        }
    }

    /** Sends what a stage emits to the chain of the worker of the next stage that owns its key. */
    private static Downstream exchangeTo(WorkerChain[] next, List<Segment> nextSegments) {
        Exchange exchange = Exchange.before(nextSegments.get(0));
        return (epoch, item) -> {
            WorkerChain worker = next[exchange.owner(exchange.pair(item).key(), next.length)];
            worker.countInput();
            worker.head().accept(epoch, item);
        };
    }

    /** A flow's segments by stage ({@link Segment#stageBounds}). */
    private static List<List<Segment>> stagesOf(List<Segment> segments) {
        int[] bounds = Segment.stageBounds(segments);
        List<List<Segment>> stages = new ArrayList<>(bounds.length - 1);
        for (int s = 0; s + 1 < bounds.length; s++) {
            stages.add(segments.subList(bounds[s], bounds[s + 1]));
        }
        return stages;
    }
}
