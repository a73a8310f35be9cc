package dev.sluice.server.runs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.server.cluster.MemberDrain;
import dev.sluice.server.cluster.MemberDrainingException;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.flows.FlowConsistency;
import dev.sluice.server.flows.FlowRegistry;
import dev.sluice.server.json.PairReader;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Finite runs: reads the input for the flow's type, orders it by epoch (stably: SPEC §1), and runs it
 * on the cluster.
 */
@Service
public class RunService {

    private final FlowRegistry flows;
    private final FlowConsistency consistency;
    private final PairReader reader;
    private final FlowExecutor executor;
    private final SluiceProperties properties;
    private final MemberDrain drain;
    /** Runs this member takes at once ({@code sluice.run.max-concurrent}); bytes are {@link RunAdmission}'s. */
    private final Semaphore slots;

    public RunService(
            FlowRegistry flows,
            FlowConsistency consistency,
            PairReader reader,
            FlowExecutor executor,
            SluiceProperties properties,
            MemberDrain drain) {
        this.flows = flows;
        this.consistency = consistency;
        this.reader = reader;
        this.executor = executor;
        this.properties = properties;
        this.drain = drain;
        this.slots = new Semaphore(properties.run().maxConcurrent());
    }

    /** Checks the request before its body is read, so a bad request costs nothing. */
    public Dataflow<?, ?> prepare(String flowName, Integer workers) {
        Dataflow<?, ?> flow = flows.get(flowName);
        int max = properties.run().maxWorkersPerProcess();
        if (workers != null && (workers < 1 || workers > max)) {
            throw new RunRequestException("workers must be between 1 and " + max + ", got " + workers);
        }
        consistency.requireFlow(flowName);
        return flow;
    }

    /** Reads the body as the epoch mode says. */
    public List<EpochItem<Object>> readInput(Dataflow<?, ?> flow, EpochMode mode, InputStream body) {
        if (mode == EpochMode.given) {
            List<EpochItem<Object>> pairs = reader.readPairs(body, flow.inputType());
            // stable (SPEC §1), and one pass over a body already in epoch order
            pairs.sort(Comparator.comparingLong(EpochItem::epoch));
            return pairs;
        }
        List<Object> items = reader.readItems(body, flow.inputType());
        List<EpochItem<Object>> pairs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            pairs.add(new EpochItem<>(mode == EpochMode.single ? 0 : i, items.get(i)));
        }
        return pairs;
    }

    /**
     * Runs the input and hands each captured pair to {@code output}. Its workers count what each step
     * does into the flow's {@code job="runs"} figures.
     *
     * @throws RunFailedException when a step threw
     * @throws MemberDrainingException when this member is shutting down: before the run started, or
     *     when it was cancelled because it did not finish within the drain timeout
     * @throws TooManyRunsException when this member runs {@code sluice.run.max-concurrent} runs already
     */
    public void run(
            String flowName,
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            Integer workers,
            Consumer<EpochItem<Object>> output) {
        run(flowName, flow, input, workers, output, false);
    }

    /**
     * The same; with {@code stats}, returns what each step of the run did, added up over every member
     * (else, or when nothing was counted, an empty list).
     */
    public List<StepCount> run(
            String flowName,
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            Integer workers,
            Consumer<EpochItem<Object>> output,
            boolean stats) {
        int workersPerProcess = workers != null ? workers : properties.defaultWorkersPerProcess();
        MetricsTag counted = guarded(
                flowName, () -> executor.run(flow, input, workersPerProcess, output, MetricsTag.finiteRun(flowName)));
        return stats && counted != null ? executor.stepCounts(counted) : List.of();
    }

    /**
     * Runs the input and hands the captured pairs to {@code batches} while the run goes on
     * ({@link FlowExecutor#stream}), from this thread; failures as for {@link #run}, thrown after the
     * batches that came before them.
     */
    public void stream(
            String flowName,
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            Integer workers,
            Consumer<List<EpochItem<Object>>> batches) {
        int workersPerProcess = workers != null ? workers : properties.defaultWorkersPerProcess();
        guarded(
                flowName,
                () -> executor.stream(flow, input, workersPerProcess, batches, MetricsTag.finiteRun(flowName)));
    }

    /**
     * Runs a run in one of the member's run slots ({@code sluice.run.max-concurrent}) and as one of the
     * runs a drain waits for, with a step's failure as a problem.
     */
    private MetricsTag guarded(String flowName, Supplier<MetricsTag> run) {
        if (!slots.tryAcquire()) {
            throw new TooManyRunsException(
                    "this member runs " + properties.run().maxConcurrent() + " finite runs, as "
                            + "many as it takes at once (sluice.run.max-concurrent); retry after "
                            + TooManyRunsException.RETRY_AFTER_SECONDS + " s or send the run to another member");
        }
        try {
            return admitted(flowName, run);
        } finally {
            slots.release();
        }
    }

    private MetricsTag admitted(String flowName, Supplier<MetricsTag> run) {
        drain.enterRun();
        boolean done = false;
        try {
            MetricsTag counted = run.get();
            done = true;
            return counted;
        } catch (Exception e) {
            if (StepFailure.of(e).isPresent()) {
                throw new RunFailedException(flowName, e);
            }
            throw e;
        } finally {
            // a run cancelled by the drain answers 503, unless it finished meanwhile
            if (drain.exitRun() && !done) {
                throw MemberDrainingException.cancelled();
            }
        }
    }
}
