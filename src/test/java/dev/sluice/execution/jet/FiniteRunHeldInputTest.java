package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.StepFailure;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run on a member that is its cluster alone: its input is held in this JVM while it runs
 * ({@link RunInputs}), every worker reads its items from there, and the run lets it go at its end,
 * whether it succeeded or failed.
 */
class FiniteRunHeldInputTest {

    private static final Map<String, List<Integer>> ITEMS_BY_THREAD = new ConcurrentHashMap<>();

    private static final CountDownLatch STARTED = new CountDownLatch(1);

    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static JetTestCluster cluster;

    @BeforeAll
    static void start() {
        cluster = JetTestCluster.start(1);
    }

    @AfterAll
    static void stop() {
        RELEASE.countDown();
        cluster.close();
    }

    @Test
    void everyWorkerReadsItsRoundRobinShareOfTheHeldInput() {
        List<EpochItem<Integer>> input = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            input.add(EpochItem.of(i / 1000, i));
        }
        // the steps before the first exchange run on their worker's thread (a blocking input; Jet may
        // give a thread to another worker once one is done), reading its share in order
        Dataflow<Integer, ?> flow = Dataflow.input(Integer.class)
                .inspect(i -> ITEMS_BY_THREAD
                        .computeIfAbsent(
                                Thread.currentThread().getName(),
                                name -> Collections.synchronizedList(new ArrayList<>()))
                        .add(i))
                .map(i -> i * 2)
                .capture();

        List<EpochItem<Object>> output = FiniteRun.onMember(cluster.member(0), flow, input, 4);

        for (List<Integer> items : ITEMS_BY_THREAD.values()) {
            for (int n = 1; n < items.size(); n++) {
                int before = items.get(n - 1);
                int item = items.get(n);
                if (before % 4 == item % 4) {
                    assertThat(item)
                            .as("the item after %d on its worker", before)
                            .isEqualTo(before + 4);
                }
            }
        }
        assertThat(ITEMS_BY_THREAD.values().stream().flatMap(List::stream).sorted())
                .containsExactlyElementsOf(
                        IntStream.range(0, input.size()).boxed().toList());
        assertThat(output).hasSize(input.size());
        assertThat(output.stream().mapToLong(pair -> (Integer) pair.item()).sum())
                .isEqualTo(2L * input.size() * (input.size() - 1) / 2);
        assertThat(RunInputs.held()).isZero();
    }

    @Test
    void theInputIsHeldWhileTheRunGoesOnAndLetGoWhenItFails() throws Exception {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .map(item -> {
                    if (item.equals("wait")) {
                        FiniteRunHeldInputTest.awaitRelease();
                    }
                    if (item.equals("fail")) {
                        throw new IllegalArgumentException("a bad item");
                    }
                    return item;
                })
                .capture();
        CompletableFuture<Throwable> run = CompletableFuture.supplyAsync(() -> {
            try {
                FiniteRun.onMember(
                        cluster.member(0), flow, List.of(EpochItem.of(0, "wait"), EpochItem.of(1, "fail")), 1);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        assertThat(STARTED.await(30, TimeUnit.SECONDS))
                .as("the run reached its waiting item")
                .isTrue();
        assertThat(RunInputs.held()).isEqualTo(1);
        RELEASE.countDown();

        Throwable failure = run.get(30, TimeUnit.SECONDS);

        assertThat(StepFailure.of(failure)).isPresent();
        assertThat(RunInputs.held()).isZero();
    }

    private static void awaitRelease() {
        STARTED.countDown();
        try {
            RELEASE.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
