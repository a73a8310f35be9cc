package dev.sluice.execution;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.local.LocalDriver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * The entry points that run a {@link Dataflow}: the seed's {@code run}, {@code run_cluster},
 * {@code spawn_cluster} and {@code cluster_main}.
 */
public final class Sluice {

    /** How many input items pass between two checks of the thread's interrupt flag. */
    private static final int INTERRUPT_CHECK_INTERVAL = 1024;

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
    public static <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, Iterable<? extends EpochItem<? extends I>> input) {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(input, "input must not be null");
        List<EpochItem<Object>> output = new ArrayList<>();
        LocalDriver<I> driver = new LocalDriver<>(flow, (epoch, item) -> output.add(new EpochItem<>(epoch, item)));
        Iterator<? extends EpochItem<? extends I>> items = input.iterator();
        long count = 0;
        while (items.hasNext()) {
            if (++count % INTERRUPT_CHECK_INTERVAL == 1 && Thread.currentThread().isInterrupted()) {
                throw new CancellationException("run of " + flow + " interrupted after " + (count - 1) + " input items");
            }
            EpochItem<? extends I> epochItem = items.next();
            if (epochItem == null) {
                throw new NullPointerException("input pair " + (count - 1) + " is null");
            }
            driver.push(epochItem.epoch(), epochItem.item());
        }
        driver.finish();
        return output;
    }
}
