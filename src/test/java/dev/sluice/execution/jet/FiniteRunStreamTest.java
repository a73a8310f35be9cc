package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link FiniteRun#stream}: batches reach the caller while the run goes on, a slow caller holds the
 * workers back instead of letting the output pile up, and the buffer is gone afterwards.
 */
class FiniteRunStreamTest {

    /** Holds the gated flow at its {@code "wait"} item until a test opens it. */
    static volatile CountDownLatch gate;

    private static final Dataflow<String, ?> GATED = Dataflow.input(String.class)
            .inspect(item -> {
                if (item.equals("wait") && !gate.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            })
            .capture();

    private static JetTestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = JetTestCluster.start(2);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @Test
    void batchesArriveWhileTheRunIsHeldBack() throws Exception {
        gate = new CountDownLatch(1);
        List<EpochItem<String>> input = new ArrayList<>();
        IntStream.range(0, 2 * CollectedOutput.BATCH).forEach(i -> input.add(EpochItem.of(0, "a" + i)));
        input.add(EpochItem.of(0, "wait"));
        input.add(EpochItem.of(0, "after"));
        CompletableFuture<Void> firstBatch = new CompletableFuture<>();
        List<EpochItem<Object>> received = new ArrayList<>();

        CompletableFuture<Void> run =
                CompletableFuture.runAsync(() -> FiniteRun.stream(cluster.member(0), GATED, input, 1, null, batch -> {
                    received.addAll(batch);
                    firstBatch.complete(null);
                }));
        try {
            firstBatch.get(30, TimeUnit.SECONDS);
            assertThat(run).as("the run is still held at 'wait'").isNotDone();
        } finally {
            gate.countDown();
        }
        run.get(30, TimeUnit.SECONDS);

        assertThat(received).hasSize(input.size());
        assertThat(RunOutputs.openRuns()).isZero();
        assertThat(RunInputs.held()).isZero();
    }

    @Test
    void aSlowReaderHoldsTheWorkersBackRatherThanBufferingTheOutput() throws Exception {
        gate = new CountDownLatch(0);
        int pairs = 40 * CollectedOutput.BATCH;
        List<EpochItem<String>> input = new ArrayList<>();
        IntStream.range(0, pairs).forEach(i -> input.add(EpochItem.of(0, "a" + i)));
        CountDownLatch reader = new CountDownLatch(1);
        List<Integer> waiting = new ArrayList<>();
        List<EpochItem<Object>> received = new ArrayList<>();

        CompletableFuture<Void> run =
                CompletableFuture.runAsync(() -> FiniteRun.stream(cluster.member(0), GATED, input, 2, null, batch -> {
                    try {
                        reader.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    received.addAll(batch);
                }));
        // while the reader takes nothing, the buffer fills up to its bound and the workers wait
        Thread.sleep(1000);
        waiting.add(RunOutputs.openRuns());
        assertThat(run).isNotDone();
        reader.countDown();
        run.get(60, TimeUnit.SECONDS);

        assertThat(waiting).containsExactly(1);
        assertThat(received).hasSize(pairs);
        assertThat(RunOutputs.openRuns()).isZero();
        assertThat(RunInputs.held()).isZero();
    }

    @Test
    void aReaderThatFailsCancelsTheRun() {
        gate = new CountDownLatch(0);
        List<EpochItem<String>> input = new ArrayList<>();
        IntStream.range(0, 4 * CollectedOutput.BATCH).forEach(i -> input.add(EpochItem.of(0, "a" + i)));

        assertThatThrownBy(() -> FiniteRun.stream(cluster.member(1), GATED, input, 2, null, batch -> {
                    throw new IllegalStateException("the client went away");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the client went away");
        assertThat(RunOutputs.openRuns()).isZero();
        assertThat(RunInputs.held()).isZero();
    }
}
