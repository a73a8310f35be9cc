package dev.sluice.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The seed's {@code test_run_can_be_ctrl_c}: an interrupted {@code run} stops within about one item. */
class SluiceRunInterruptTest {

    /** Items the step saw; static because step functions are serialized and must not capture a test. */
    private static final AtomicInteger SEEN = new AtomicInteger();

    private static final CountDownLatch FIRST_ITEM = new CountDownLatch(1);

    @Test
    void interruptingRunAfterItsFirstItemCancelsWithinAFewItems() throws Exception {
        Dataflow<Integer, ?> slow = Dataflow.input(Integer.class)
                .map(SluiceRunInterruptTest::busyTwoMillis)
                .capture();
        List<EpochItem<Integer>> input =
                IntStream.range(0, 1_000).mapToObj(i -> EpochItem.of(i, i)).toList();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread runner = new Thread(() -> {
            try {
                Sluice.run(slow, input);
            } catch (Throwable t) {
                outcome.set(t);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });

        runner.start();
        assertThat(FIRST_ITEM.await(10, TimeUnit.SECONDS)).isTrue();
        runner.interrupt();
        runner.join(10_000);

        assertThat(runner.isAlive()).isFalse();
        assertThat(outcome.get()).isInstanceOf(CancellationException.class).hasMessageContaining("interrupted");
        assertThat(stillInterrupted.get()).isTrue();
        // before the fix the run checked the flag once every 1,024 items and ran all 1,000 to the end
        assertThat(SEEN.get()).isBetween(1, 5);
    }

    /** A CPU-bound step of about 2 ms that ignores interrupts, as most step functions do. */
    private static int busyTwoMillis(int item) {
        SEEN.incrementAndGet();
        FIRST_ITEM.countDown();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
        while (System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return item;
    }
}
