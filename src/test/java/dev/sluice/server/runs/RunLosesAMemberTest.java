package dev.sluice.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.execution.Sluice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A finite run that loses one of its two members mid-way, on real members on loopback: the run is
 * retried once on the member left and answers the exact output, each pair once.
 *
 * <p>The run is held mid-way without timing: its first step blocks on the staying member until the
 * test opens a gate, which it does only once the leaving member has gone. Steps on the leaving member
 * do not block (its worker threads are named after it), so that it can shut down.
 */
class RunLosesAMemberTest {

    private static final String STAYING = "staying-";
    private static final String LEAVING = "leaving-";

    /** Shared by the steps and the test: both members run in this JVM. */
    static final class Gate {
        static volatile boolean open;
        static volatile String stayingName;
        static final AtomicInteger heldOnStayingMember = new AtomicInteger();

        static void pass() {
            if (open || !Thread.currentThread().getName().contains("hz." + stayingName + ".")) {
                return;
            }
            heldOnStayingMember.incrementAndGet();
            while (!open) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private final List<HazelcastInstance> members = new ArrayList<>();
    private HazelcastInstance staying;
    private HazelcastInstance leaving;

    @BeforeEach
    void startTwoMembers() {
        String clusterName = "retry-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(2);
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        Gate.open = false;
        Gate.heldOnStayingMember.set(0);
        Gate.stayingName = STAYING + clusterName;
        for (int i = 0; i < 2; i++) {
            Config config = SluiceMembers.config(ClusterSettings.defaults()
                    .withClusterName(clusterName)
                    .withPort(ports.get(i))
                    .withMembers(addresses)
                    .withBackupCount(1));
            config.setInstanceName((i == 0 ? STAYING : LEAVING) + clusterName);
            members.add(Hazelcast.newHazelcastInstance(config));
        }
        staying = members.get(0);
        leaving = members.get(1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> staying.getCluster().getMembers().size() == 2);
    }

    @AfterEach
    void stopMembers() {
        Gate.open = true;
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void aRunWhoseMemberIsKilledIsRetriedOnTheMemberLeftWithTheExactOutput() throws Exception {
        losesAMemberMidRun(() -> leaving.getLifecycleService().terminate());
    }

    @Test
    void aRunWhoseMemberShutsDownGracefullyIsRetriedOnTheMemberLeftWithTheExactOutput() throws Exception {
        losesAMemberMidRun(() -> CompletableFuture.runAsync(() -> leaving.shutdown()));
    }

    private void losesAMemberMidRun(Runnable leave) throws Exception {
        List<EpochItem<String>> input = new ArrayList<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int line = 0; line < 10; line++) {
                input.add(EpochItem.of(epoch, "w" + (epoch * line % 7) + " w" + (line % 3) + " x"));
            }
        }
        Dataflow<String, ?> flow = Dataflow.input(String.class)
                .inspect(line -> Gate.pass())
                .flatMap(line -> List.of(line.split(" ")))
                .mapToKeyValue(word -> KeyValue.of(word, 1))
                .reduceEpoch(Integer::sum)
                .capture();
        List<EpochItem<Object>> expected = Sluice.run(flow, input);

        AtomicInteger attempts = new AtomicInteger();
        JetFlowExecutor.Attempt onCluster = JetFlowExecutor.onCluster(staying);
        JetFlowExecutor executor = new JetFlowExecutor(
                (f, in, workers) -> {
                    attempts.incrementAndGet();
                    return onCluster.run(f, in, workers);
                },
                () -> staying.getLifecycleService().isRunning(),
                () -> staying.getCluster().getMembers().stream()
                        .map(Member::getUuid)
                        .collect(Collectors.toSet()),
                JetFlowExecutor.MEMBERSHIP_WAIT);
        List<EpochItem<Object>> output = Collections.synchronizedList(new ArrayList<>());
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<EpochItem<Object>> given = (List) input;
        Consumer<EpochItem<Object>> sink = output::add;
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> executor.run(flow, given, 2, sink));

        await().atMost(Duration.ofSeconds(60)).until(() -> Gate.heldOnStayingMember.get() > 0 || run.isDone());
        assertThat(run).as("the run waits at the gate").isNotDone();
        leave.run();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> staying.getCluster().getMembers().size() == 1);
        Gate.open = true;

        run.get(60, TimeUnit.SECONDS);
        assertThat(attempts).as("attempts").hasValue(2);
        assertThat(output).containsExactlyInAnyOrderElementsOf(expected);
    }
}
