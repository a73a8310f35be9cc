package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.jet.core.DAG;
import com.hazelcast.jet.core.Edge;
import com.hazelcast.jet.core.Vertex;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StateUpdate;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.log.CommitLogFn;
import dev.sluice.exhash.Exhash;
import dev.sluice.exhash.UnsupportedKeyException;
import dev.sluice.operators.KeySnapshot;
import dev.sluice.testing.SideEffects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Jet driver beyond the operator contract: where keys and workers live across two members (whose
 * process IDs are declared the other way round from their age), the DAG's shape, backpressure,
 * serialization, failures and cancellation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JetDriverTest {

    private static final int WORKERS_PER_PROCESS = 2;
    private static final ConcurrentHashMap<String, Queue<EpochItem<Object>>> OUTPUTS = new ConcurrentHashMap<>();
    private static final AtomicLong ENDLESS_INPUT_PULLS = new AtomicLong();
    private static final ConcurrentHashMap<String, CountDownLatch> EPOCH_ZERO_OUTPUT = new ConcurrentHashMap<>();

    private JetTestCluster cluster;

    @BeforeAll
    void startCluster() {
        // the oldest member declares process 1, the younger one process 0
        cluster = JetTestCluster.start(2, i -> 1 - i, config -> {});
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyKeysStateLivesOnExactlyOneWorkerAndResultsEqualTheLocalDriver() {
        // given 300 keys over 6 epochs, spread round-robin over 4 workers on 2 members
        List<EpochItem<KeyValue<String, Integer>>> input = new ArrayList<>();
        for (int epoch = 0; epoch < 6; epoch++) {
            for (int k = 0; k < 300; k++) {
                input.add(EpochItem.of(epoch, KeyValue.of("key" + k, epoch)));
            }
        }
        SideEffects seen = SideEffects.create();
        Dataflow<KeyValue<String, Integer>, ?> flow = Dataflow.keyValueInput(String.class, Integer.class)
                .statefulMap(key -> 0, (Integer count, Integer epoch) -> StateUpdate.of(count + 1, count + 1))
                .capture();

        // when
        List<EpochItem<Object>> out = run(flow, JetFlowDriver.roundRobin(input), recordingWorkers(seen));

        // then every key was captured (after its stateful step) by one worker only, across both members
        Map<String, Set<String>> workersByKey = seen.records().stream()
                .filter(line -> line.startsWith("item "))
                .map(line -> line.split(" "))
                .collect(Collectors.groupingBy(
                        fields -> fields[2], Collectors.mapping(fields -> fields[1], Collectors.toSet())));
        assertThat(workersByKey)
                .hasSize(300)
                .allSatisfy((key, workers) -> assertThat(workers).hasSize(1));
        Set<String> usedWorkers =
                workersByKey.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(usedWorkers).containsExactlyInAnyOrder("0", "1", "2", "3");
        assertThat(out).containsExactlyInAnyOrderElementsOf(Sluice.run(flow, input));
    }

    @Test
    void workerIndicesFollowDeclaredProcessIdsAndEachWorkerBuildsItsOutputOnce() {
        SideEffects seen = SideEffects.create();
        Dataflow<String, String> flow = Dataflow.input(String.class).capture();

        run(flow, (worker, workers) -> List.of(EpochItem.of(0, "w" + worker)), recordingWorkers(seen));

        List<String> builders = seen.records().stream()
                .filter(line -> line.startsWith("builder "))
                .toList();
        assertThat(builders).hasSize(4);
        for (String line : builders) {
            String[] fields = line.split(" ");
            int worker = Integer.parseInt(fields[1]);
            assertThat(fields[2]).isEqualTo("4");
            // process 1 is the oldest member (m0), process 0 the younger (m1)
            int member = worker / WORKERS_PER_PROCESS == 1 ? 0 : 1;
            assertThat(fields[3]).contains(cluster.instanceName(member) + ".jet.");
        }
        assertThat(builders.stream().map(line -> line.split(" ")[1])).containsExactlyInAnyOrder("0", "1", "2", "3");
    }

    @Test
    void capturesReachTheOutputOfTheWorkerThatHoldsThem() {
        SideEffects seen = SideEffects.create();
        Dataflow<String, String> flow = Dataflow.input(String.class).capture();

        run(flow, (worker, workers) -> List.of(EpochItem.of(0, "w" + worker)), recordingWorkers(seen));

        assertThat(seen.records().stream().filter(line -> line.startsWith("item ")))
                .containsExactlyInAnyOrder("item 0 w0", "item 1 w1", "item 2 w2", "item 3 w3");
    }

    @Test
    void reduceEpochEmitsAnEpochWhenEveryWorkerHasMovedPastItNotAtTheEnd() {
        // given every worker gives epoch 0, then epoch 1, then holds its input open until epoch 0's
        // aggregate has reached an output
        String runId = UUID.randomUUID().toString();
        EPOCH_ZERO_OUTPUT.put(runId, new CountDownLatch(1));
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        InputBuilderFn<String> input = (worker, workers) -> () -> epochZeroThenOneThenWait(runId, worker);
        OutputBuilderFn output = (worker, workers) -> pair -> {
            if (pair.epoch() == 0) {
                EPOCH_ZERO_OUTPUT.get(runId).countDown();
            }
        };

        // when / then: the run completes (the inputs were released by epoch 0's output)
        try {
            run(flow, input, output);
        } finally {
            EPOCH_ZERO_OUTPUT.remove(runId);
        }
    }

    @Test
    void pagerankShapedFlowEqualsTheLocalDriver() {
        List<EpochItem<String>> input = new ArrayList<>();
        for (int epoch = 0; epoch < 5; epoch++) {
            for (int i = 0; i < 200; i++) {
                input.add(EpochItem.of(epoch, "n" + (i % 37) + ",n" + ((i * 7 + epoch) % 53)));
            }
        }
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(edge -> KeyValue.of(edge.split(",")[0], Set.of(edge.split(",")[1])))
                .reduceEpoch(JetDriverTest::union)
                .flatMapToKeyValue(parent -> parent.value().stream()
                        .map(child -> KeyValue.of(child, 1.0 / parent.value().size()))
                        .toList())
                .reduceEpochLocal(Double::sum)
                .reduceEpoch(Double::sum)
                .map(rank -> KeyValue.of(rank.key(), Math.round((0.15 + 0.85 * rank.value()) * 1e9) / 1e9))
                .capture();

        List<EpochItem<Object>> out = run(flow, JetFlowDriver.roundRobin(input), collectOnly());

        assertThat(out).containsExactlyInAnyOrderElementsOf(Sluice.run(flow, input));
    }

    @Test
    void aFanOutFarBeyondTheOutboxIsNeitherDroppedNorBlocked() {
        // 200 lines of 2,000 words each: every input item floods the outbox and its queues many times over
        List<EpochItem<Integer>> input =
                IntStream.range(0, 200).mapToObj(i -> EpochItem.of(i / 20, i)).toList();
        Dataflow<Integer, ?> flow = Dataflow.input(Integer.class)
                .flatMap(i -> IntStream.range(0, 2_000)
                        .mapToObj(j -> "w" + ((i + j) % 1000))
                        .toList())
                .capture()
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .flatMap(count -> List.of(count, count))
                .capture();

        List<EpochItem<Object>> out = run(flow, JetFlowDriver.roundRobin(input), collectOnly());

        assertThat(out).hasSize(400_000 + 2 * 10 * 1000);
        assertThat(counts(out)).isEqualTo(counts(Sluice.run(flow, input)));
    }

    private static Map<EpochItem<Object>, Long> counts(List<EpochItem<Object>> pairs) {
        return pairs.stream().collect(Collectors.groupingBy(pair -> pair, Collectors.counting()));
    }

    @Test
    void theDagFusesStatelessStepsAndExchangesOnlyInFrontOfKeyedSteps() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .map(String::trim)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture()
                .reduceEpochLocal(Integer::sum)
                .reduceEpoch(Integer::sum)
                .capture();

        DAG dag = JetDataflow.dag(flow, (w, n) -> List.of(), (w, n) -> pair -> {}, 3);

        List<String> vertices = new ArrayList<>();
        dag.forEach(vertex -> vertices.add(vertex.getName() + "@" + vertex.getLocalParallelism()));
        assertThat(vertices)
                .containsExactlyInAnyOrder("input@3", "step-2-reduce_epoch@3", "step-5-reduce_epoch@3", "output@3");
        List<String> edges = new ArrayList<>();
        for (Vertex vertex : dag) {
            for (Edge edge : dag.getOutboundEdges(vertex.getName())) {
                edges.add(edge.getSourceName() + ":" + edge.getSourceOrdinal() + "->" + edge.getDestName() + ":"
                        + edge.getDestOrdinal() + " " + edge.getRoutingPolicy()
                        + (edge.isDistributed() ? " distributed" : ""));
            }
        }
        assertThat(edges)
                .containsExactlyInAnyOrder(
                        "input:0->step-2-reduce_epoch:0 PARTITIONED distributed",
                        "step-2-reduce_epoch:0->step-5-reduce_epoch:0 PARTITIONED distributed",
                        "step-2-reduce_epoch:1->output:0 ISOLATED",
                        "step-5-reduce_epoch:0->output:1 ISOLATED");
    }

    @Test
    void aFlowWhoseCapturesAreInOneVertexCallsItsOutputThereWithNoOutputVertex() {
        Dataflow<Long, ?> stateless = Dataflow.input(Long.class)
                .map(i -> i * 3)
                .filter(i -> i % 2 == 0)
                .capture();
        Dataflow<String, ?> wordcount = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        OutputBuilderFn plain = (w, n) -> pair -> {};

        assertThat(vertexNames(JetDataflow.dag(stateless, (w, n) -> List.of(), plain, 2)))
                .containsExactly("input");
        DAG fusedKeyed = JetDataflow.dag(wordcount, (w, n) -> List.of(), plain, 2);
        assertThat(vertexNames(fusedKeyed)).containsExactlyInAnyOrder("input", "step-1-reduce_epoch");
        assertThat(fusedKeyed.getOutboundEdges("step-1-reduce_epoch")).isEmpty();

        // an output that commits with the snapshots keeps its vertex, which stages the commits
        CommitLogFn commits = new NoCommits();
        assertThat(vertexNames(JetDataflow.dag(stateless, (w, n) -> List.of(), commits, 2)))
                .containsExactlyInAnyOrder("input", "output");
        // and the plan shown for a flow is a job's, with its output vertex
        assertThat(JetPlan.of(stateless).vertices().stream().map(JetPlan.PlanVertex::name))
                .containsExactly("input", "output");
    }

    @Test
    void aFusedOutputIsBuiltOncePerWorkerCalledFromOneThreadAndClosedOnce() {
        SideEffects seen = SideEffects.create();
        Dataflow<Long, ?> flow = Dataflow.input(Long.class).map(i -> i + 1).capture();
        List<EpochItem<Long>> input = LongStream.range(0, 20_000)
                .mapToObj(i -> EpochItem.of(i / 1_000, i))
                .toList();

        run(flow, JetFlowDriver.roundRobin(input), (worker, workers) -> {
            seen.record("built " + worker);
            return new ThreadCountingOutput(seen, worker);
        });

        assertThat(seen.records().stream().filter(line -> line.startsWith("built ")))
                .containsExactlyInAnyOrder("built 0", "built 1", "built 2", "built 3");
        List<String> closes = seen.records().stream()
                .filter(line -> line.startsWith("closed "))
                .toList();
        assertThat(closes).hasSize(4).allSatisfy(line -> assertThat(line).endsWith(" from 1 thread"));
        assertThat(closes.stream()
                        .mapToLong(line -> Long.parseLong(line.split(" ")[3]))
                        .sum())
                .isEqualTo(20_000);
    }

    @Test
    void aFusedOutputThatFailsToCloseNamesTheCaptureStep() {
        Dataflow<String, String> flow =
                Dataflow.input(String.class).map(String::toUpperCase).capture();

        Throwable thrown = catchThrowable(() -> run(
                flow,
                JetFlowDriver.roundRobin(List.of(EpochItem.of(0, "a"))),
                (worker, workers) -> new FailingClose(worker)));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageStartingWith("flush failed on worker ");
        assertThat(StepFailure.of(thrown)).hasValueSatisfying(step -> {
            assertThat(step.stepIndex()).isEqualTo(1);
            assertThat(step.operator()).isEqualTo("capture");
        });
    }

    /** Counts what it gets and the threads it gets it from; says so in {@code seen} when it closes. */
    private static final class ThreadCountingOutput implements dev.sluice.dataflow.fn.OutputFn {
        private final SideEffects seen;
        private final int worker;
        private final Set<String> threads = ConcurrentHashMap.newKeySet();
        private long items;

        ThreadCountingOutput(SideEffects seen, int worker) {
            this.seen = seen;
            this.worker = worker;
        }

        @Override
        public void accept(EpochItem<Object> pair) {
            threads.add(Thread.currentThread().getName());
            items++;
        }

        @Override
        public void close() {
            seen.record("closed " + worker + " after " + items + " from " + threads.size() + " thread");
        }
    }

    @Test
    void anOutputVertexThatFailsToCloseNamesTheFirstCaptureStep() {
        // captures in two vertices: the output is a vertex of its own, not called by the steps
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .capture()
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        assertThat(JetDataflow.fusesOutput(
                        JetDataflow.vertexPlans(flow.steps()), (worker, workers) -> new FailingClose(worker)))
                .isFalse();

        Throwable thrown = catchThrowable(() -> run(
                flow,
                JetFlowDriver.roundRobin(List.of(EpochItem.of(0, "a"))),
                (worker, workers) -> new FailingClose(worker)));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageStartingWith("flush failed on worker ");
        assertThat(StepFailure.of(thrown)).hasValueSatisfying(step -> {
            assertThat(step.stepIndex()).isEqualTo(0); // the first capture, not the one at step 3
            assertThat(step.operator()).isEqualTo("capture");
        });
    }

    /** An output whose flush fails. */
    private record FailingClose(int worker) implements dev.sluice.dataflow.fn.OutputFn {
        @Override
        public void accept(EpochItem<Object> pair) {}

        @Override
        public void close() throws IOException {
            throw new IOException("flush failed on worker " + worker);
        }
    }

    /** A commit log that takes nothing: only its type matters to the DAG. */
    private static final class NoCommits implements CommitLogFn {
        @Override
        public void commit(int writer, long sequence, List<EpochItem<Object>> pairs) {}

        @Override
        public dev.sluice.dataflow.fn.OutputFn build(int workerIndex, int workerCount) {
            return pair -> {};
        }
    }

    private static List<String> vertexNames(DAG dag) {
        List<String> names = new ArrayList<>();
        dag.forEach(vertex -> names.add(vertex.getName()));
        return names;
    }

    /**
     * A word count's pair, {@code (epoch, (word, 1))}, is what crosses members most: with what Jet adds
     * to each item, it is within issue 19's 24 bytes a record.
     */
    @Test
    void aWordcountPairIsCompactOnTheWire() {
        SerializationService serialization =
                ((SerializationServiceSupport) cluster.member(0)).getSerializationService();

        var data = serialization.toData(EpochItem.of(57, KeyValue.of("word", 1)));

        // epoch 1, pair tag 1, string tag 1 + length 1 + 4, int tag 1 + 1 (it was 8 + 4 + 12 + 8 = 32)
        assertThat(data.dataSize()).isEqualTo(10);
        // on a Jet edge: the type ID (4), this, the item's partition (4)
        assertThat(4 + data.dataSize() + 4).isLessThanOrEqualTo(24);
    }

    @Test
    void compactValuesComeBackAsTheyWent() {
        SerializationService serialization =
                ((SerializationServiceSupport) cluster.member(0)).getSerializationService();
        List<Object> items = new ArrayList<>(List.of(
                "",
                "word",
                "ünïcödé ✓ 𝄞",
                "x".repeat(300),
                0,
                -1,
                Integer.MIN_VALUE,
                Integer.MAX_VALUE,
                0L,
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                -5L,
                1.5,
                Double.NaN,
                -0.0,
                true,
                false,
                KeyValue.of("k", 1L),
                KeyValue.of(7, KeyValue.of("nested", List.of(1, 2))),
                KeyValue.of("no value", null),
                List.of("a", 3),
                new java.math.BigDecimal("1.25")));
        items.add(null);
        for (long epoch : new long[] {0, 1, 127, 128, 1L << 40, EpochItem.MAX_EPOCH}) {
            for (Object item : items) {
                EpochItem<Object> pair = EpochItem.of(epoch, item);
                Object back = serialization.toObject(serialization.toData(pair));
                assertThat(back).as("%s", pair).isEqualTo(pair);
                if (item != null) {
                    assertThat(((EpochItem<?>) back).item()).isInstanceOf(item.getClass());
                }
            }
        }
        Object deep = "leaf";
        for (int i = 0; i < 20; i++) {
            deep = KeyValue.of(i, deep);
        }
        assertThat((Object) serialization.toObject(serialization.toData(deep))).isEqualTo(deep);
    }

    @Test
    void itemsCrossMembersWithSluiceSerializers() {
        SerializationService serialization =
                ((SerializationServiceSupport) cluster.member(0)).getSerializationService();

        EpochItem<KeyValue<String, Integer>> pair = EpochItem.of(3, KeyValue.of("a", 1));
        var data = serialization.toData(pair);

        assertThat(data.getType()).isEqualTo(JetSerialization.EPOCH_ITEM_TYPE_ID);
        assertThat(serialization.toData(pair.item()).getType()).isEqualTo(JetSerialization.KEY_VALUE_TYPE_ID);
        assertThat((Object) serialization.toObject(data)).isEqualTo(pair);
    }

    /**
     * A key's state goes into a snapshot with Sluice's serializers, and its snapshot key lies in the
     * Hazelcast partition that the key's exchange uses, so Jet restores it to the key's worker.
     */
    @Test
    void aKeysSnapshotStateIsSerializedFastAndLiesInItsKeysPartition() {
        SerializationService serialization =
                ((SerializationServiceSupport) cluster.member(0)).getSerializationService();
        Integer[] anchors = PartitionAnchors.of(cluster.member(0));
        var partitions = cluster.member(0).getPartitionService();

        KeySnapshot state = new KeySnapshot("key7", true, 12, new long[] {3, 4}, new Object[] {1, 2});
        var data = serialization.toData(state);
        assertThat(data.getType()).isEqualTo(JetSerialization.KEY_SNAPSHOT_TYPE_ID);
        assertThat((Object) serialization.toObject(data)).isEqualTo(state);

        assertThat(anchors).hasSize(partitions.getPartitions().size()).doesNotContainNull();
        for (String key : List.of("a", "key7", "zzz", "3")) {
            int partition = Exhash.partition(key, anchors.length);
            SnapshotKeys.StateKey stateKey = new SnapshotKeys.StateKey(4, anchors[partition]);
            var keyData = serialization.toData(stateKey);
            assertThat(keyData.getType()).isEqualTo(JetSerialization.STATE_KEY_TYPE_ID);
            assertThat((Object) serialization.toObject(keyData)).isEqualTo(stateKey);
            assertThat(partitions.getPartition(stateKey).getPartitionId())
                    .as(key)
                    .isEqualTo(partition);
        }
    }

    @Test
    void anOutputFailureReachesTheCallerNamingTheCaptureStep() {
        Dataflow<String, String> flow =
                Dataflow.input(String.class).map(String::toUpperCase).capture();

        Throwable thrown = catchThrowable(() ->
                run(flow, JetFlowDriver.roundRobin(List.of(EpochItem.of(0, "a"))), (worker, workers) -> item -> {
                    throw new IllegalStateException("disk full at " + item);
                }));

        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessage("disk full at (0, A)");
        assertThat(StepFailure.of(thrown)).hasValueSatisfying(step -> {
            assertThat(step.stepIndex()).isEqualTo(1);
            assertThat(step.operator()).isEqualTo("capture");
        });
    }

    @Test
    void anInputBuilderFailureReachesTheCallerAsThrown() {
        Dataflow<String, String> flow = Dataflow.input(String.class).capture();

        InputBuilderFn<String> missingFile = (worker, workers) -> {
            throw new IOException("no such file for worker " + worker);
        };

        Throwable thrown = catchThrowable(() -> run(flow, missingFile, collectOnly()));

        assertThat(thrown).isInstanceOf(IOException.class).hasMessageStartingWith("no such file for worker");
    }

    @Test
    void aKeyThatCannotBeHashedConsistentlyFailsTheRunNamingTheKeyedStep() {
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .mapToKeyValue(word -> KeyValue.of(Map.of("word", word), 1))
                .reduceEpoch(Integer::sum)
                .capture();

        Throwable thrown = catchThrowable(() -> run(
                flow, JetFlowDriver.roundRobin(List.of(EpochItem.of(0, "a"), EpochItem.of(0, "b"))), collectOnly()));

        assertThat(thrown).isInstanceOf(UnsupportedKeyException.class);
        assertThat(StepFailure.of(thrown)).hasValueSatisfying(step -> {
            assertThat(step.stepIndex()).isEqualTo(1);
            assertThat(step.operator()).isEqualTo("reduce_epoch");
        });
    }

    @Test
    void interruptingTheCallerCancelsTheJob() throws Exception {
        Dataflow<Long, Long> flow =
                Dataflow.input(Long.class).filter(i -> false).capture();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                run(flow, (worker, workers) -> JetDriverTest::endless, collectOnly());
            } catch (Throwable t) {
                thrown.set(t);
            } finally {
                interruptFlag.set(Thread.currentThread().isInterrupted());
                done.countDown();
            }
        });
        caller.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ENDLESS_INPUT_PULLS.get() < 10_000 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        caller.interrupt();

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(thrown.get()).isInstanceOf(CancellationException.class);
        assertThat(interruptFlag.get()).isTrue();
        Thread.sleep(300);
        long pulls = ENDLESS_INPUT_PULLS.get();
        Thread.sleep(300);
        assertThat(ENDLESS_INPUT_PULLS.get()).as("the input is no longer read").isEqualTo(pulls);
    }

    /** Epoch 0, epoch 1, then waits until an output has seen epoch 0 (a static method: nothing to serialize). */
    private static Iterator<EpochItem<String>> epochZeroThenOneThenWait(String runId, int worker) {
        return new Iterator<>() {
            private final Iterator<EpochItem<String>> items =
                    List.of(EpochItem.of(0, "a"), EpochItem.of(1, "b")).iterator();

            @Override
            public boolean hasNext() {
                if (items.hasNext()) {
                    return true;
                }
                try {
                    if (!EPOCH_ZERO_OUTPUT.get(runId).await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("worker " + worker + ": epoch 0 was not emitted while the "
                                + "input was still open at epoch 1");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }

            @Override
            public EpochItem<String> next() {
                return items.next();
            }
        };
    }

    private static Iterator<EpochItem<Long>> endless() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public EpochItem<Long> next() {
                return EpochItem.of(0, ENDLESS_INPUT_PULLS.incrementAndGet());
            }
        };
    }

    private <I> void run(Dataflow<I, ?> flow, InputBuilderFn<I> input, OutputBuilderFn output) {
        JetDataflow.run(cluster.member(0), JetDataflow.dag(flow, input, output, WORKERS_PER_PROCESS));
    }

    private <I> List<EpochItem<Object>> run(Dataflow<I, ?> flow, InputBuilderFn<I> input, Collector collector) {
        try {
            JetDataflow.run(cluster.member(0), JetDataflow.dag(flow, input, collector.builder(), WORKERS_PER_PROCESS));
            return new ArrayList<>(OUTPUTS.get(collector.runId()));
        } finally {
            OUTPUTS.remove(collector.runId());
        }
    }

    /** Collects the output; records each worker's output builder and each captured item in {@code seen}. */
    private static Collector recordingWorkers(SideEffects seen) {
        String runId = UUID.randomUUID().toString();
        OUTPUTS.put(runId, new ConcurrentLinkedQueue<>());
        return new Collector(runId, (worker, workers) -> {
            seen.record("builder " + worker + " " + workers + " "
                    + Thread.currentThread().getName());
            Queue<EpochItem<Object>> output = OUTPUTS.get(runId);
            return pair -> {
                output.add(pair);
                Object item = pair.item();
                seen.record("item " + worker + " " + (item instanceof KeyValue<?, ?> kv ? kv.key() : item));
            };
        });
    }

    private static Collector collectOnly() {
        String runId = UUID.randomUUID().toString();
        OUTPUTS.put(runId, new ConcurrentLinkedQueue<>());
        return new Collector(runId, (worker, workers) -> OUTPUTS.get(runId)::add);
    }

    private record Collector(String runId, OutputBuilderFn builder) {}

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
