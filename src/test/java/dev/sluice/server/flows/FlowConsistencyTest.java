package dev.sluice.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.server.web.ProblemType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Every member must serve the same flows: each publishes its flows' fingerprints as member attributes,
 * and a run or job on a flow some member lacks or has another build of is a {@code 503} naming them.
 */
class FlowConsistencyTest {

    private static final ClassLoader LOADER = FlowConsistencyTest.class.getClassLoader();

    private final List<HazelcastInstance> members = new ArrayList<>();

    @AfterEach
    void stopMembers() {
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    static Dataflow<String, ?> totals() {
        return Dataflow.input(String.class)
                .mapToKeyValue(line -> KeyValue.of(line.split(":")[0], Double.parseDouble(line.split(":")[1])))
                .reduceEpoch(Double::sum)
                .capture();
    }

    static Dataflow<String, ?> upper() {
        return Dataflow.input(String.class).map(String::toUpperCase).capture();
    }

    static Dataflow<String, ?> lower() {
        return Dataflow.input(String.class).map(String::toLowerCase).capture();
    }

    static Dataflow<String, ?> prefixed(String prefix) {
        return Dataflow.input(String.class).map(s -> prefix + s).capture();
    }

    @Test
    void theSameFlowBuiltTwiceHasTheSameFingerprint() {
        assertThat(Fingerprint.of(totals(), LOADER))
                .isEqualTo(Fingerprint.of(totals(), LOADER))
                .hasSize(Fingerprint.LENGTH);
    }

    @Test
    void anotherFunctionAnotherStepOrAnotherCapturedValueChangesTheFingerprint() {
        assertThat(List.of(
                        Fingerprint.of(upper(), LOADER),
                        Fingerprint.of(lower(), LOADER),
                        Fingerprint.of(
                                Dataflow.input(String.class)
                                        .map(String::toUpperCase)
                                        .capture()
                                        .capture(),
                                LOADER),
                        Fingerprint.of(prefixed("a"), LOADER),
                        Fingerprint.of(prefixed("b"), LOADER)))
                .doesNotHaveDuplicates();
    }

    @Test
    void aFlowThatAMemberLacksOrHasAnotherBuildOfIsRefusedNamingTheMembers() {
        String cluster = "consistency-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(3);
        FlowConsistency one = start(cluster, ports, 0, Map.of("totals", totals(), "shared", upper(), "same", lower()));
        FlowConsistency two = start(cluster, ports, 1, Map.of("shared", prefixed("x"), "same", lower()));
        FlowConsistency three =
                start(cluster, ports, 2, Map.of("totals", totals(), "shared", upper(), "same", lower()));
        awaitMembers(3);
        String twoAddress = "127.0.0.1:" + ports.get(1);

        assertThatCode(() -> one.requireFlow("same")).doesNotThrowAnyException();
        assertThatThrownBy(() -> one.requireFlow("totals"))
                .isInstanceOfSatisfying(FlowMismatchException.class, e -> {
                    assertThat(e.type()).isEqualTo(ProblemType.FLOW_NOT_ON_EVERY_MEMBER);
                    assertThat(e.getStatusCode().value()).isEqualTo(503);
                    assertThat(e.getBody().getProperties())
                            .containsEntry("lacking", List.of(twoAddress))
                            .containsEntry("different", List.of());
                })
                .hasMessageStartingWith("the flow 'totals' is not the same on every member of the cluster: "
                        + twoAddress + " lacks it.")
                .hasMessageContaining("sluice.flows.path");
        String here = one.fingerprints().get("flow:shared");
        String there = two.fingerprints().get("flow:shared");
        assertThat(here).isNotEqualTo(there);
        assertThatThrownBy(() -> three.requireFlow("shared"))
                .hasMessageStartingWith("the flow 'shared' is not the same on every member of the cluster: "
                        + twoAddress + " (" + there
                        + ") has another build or configuration of it than this member (fingerprint " + here + ")");
    }

    @Test
    void buildersAreCheckedLikeFlows() {
        String cluster = "consistency-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(2);
        InputBuilderFn<String> input = (worker, workers) -> List.of();
        OutputBuilderFn output = (worker, workers) -> pair -> {};
        FlowConsistency one = start(cluster, ports, 0, Map.of("same", lower()), Map.of("numbers", input), Map.of());
        start(cluster, ports, 1, Map.of("same", lower()), Map.of(), Map.of("sink", output));
        awaitMembers(2);

        assertThatThrownBy(() -> one.requireInputBuilder("numbers"))
                .hasMessageStartingWith("the input builder 'numbers' is not the same on every member");
        assertThat(one.jobMismatchOn(members.get(1).getCluster().getLocalMember(), "same", "numbers", null))
                .hasValue("lacks the input builder 'numbers'");
        // a builder this member lacks is the job request's 400, not this check's
        assertThatCode(() -> one.requireOutputBuilder("sink")).doesNotThrowAnyException();
    }

    @Test
    void membersWithoutFingerprintsAreNotChecked() {
        String cluster = "consistency-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(2);
        FlowConsistency one = start(cluster, ports, 0, Map.of("totals", totals()));
        members.add(SluiceMembers.start(settings(cluster, ports, 1)));
        awaitMembers(2);

        assertThatCode(() -> one.requireFlow("totals")).doesNotThrowAnyException();
    }

    private void awaitMembers(int count) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> members.stream()
                        .allMatch(member -> member.getCluster().getMembers().size() == count));
    }

    private FlowConsistency start(String cluster, List<Integer> ports, int index, Map<String, Dataflow<?, ?>> flows) {
        return start(cluster, ports, index, flows, Map.of(), Map.of());
    }

    private FlowConsistency start(
            String cluster,
            List<Integer> ports,
            int index,
            Map<String, Dataflow<?, ?>> flows,
            Map<String, InputBuilderFn<?>> inputs,
            Map<String, OutputBuilderFn> outputs) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        FlowConsistency consistency = new FlowConsistency(
                new FlowRegistry(flows), inputs, outputs, LOADER, beans.getBeanProvider(HazelcastInstance.class));
        Config config = SluiceMembers.config(settings(cluster, ports, index));
        consistency.publish(config);
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
        members.add(member);
        beans.addBean("hazelcast", member);
        return consistency;
    }

    private static ClusterSettings settings(String cluster, List<Integer> ports, int index) {
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        return new ClusterSettings(cluster, ports.get(index), addresses, OptionalInt.empty(), "127.0.0.1", null, 0, 10);
    }
}
