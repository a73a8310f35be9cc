package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Child JVM clusters: they form one cluster, and no child outlives its parent. */
class LocalClusterTest {

    @Test
    void freePortsAreDistinctBindableAndBelowTheEphemeralRange() throws Exception {
        List<Integer> ports = LocalCluster.freeLoopbackPorts(20);

        assertThat(ports).doesNotHaveDuplicates().hasSize(20);
        // outgoing connections take their local ports from the ephemeral range, so none can take these
        assertThat(ports)
                .allSatisfy(port ->
                        assertThat(port).isBetween(LocalCluster.FREE_PORTS_FROM, LocalCluster.FREE_PORTS_BELOW - 1));
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void childrenFormOneClusterWithDeclaredProcessIdsAndAreGoneAfterClose() throws Exception {
        List<ProcessHandle> handles;
        try (LocalCluster cluster = LocalCluster.start(2)) {
            List<ClusterProcess> processes = Membership.processes(cluster.client());
            assertThat(processes).extracting(ClusterProcess::processId).containsExactly(0, 1);
            assertThat(processes).extracting(ClusterProcess::address).containsExactlyElementsOf(cluster.addresses());
            assertThat(processes).allMatch(ClusterProcess::declared);
            assertThat(cluster.clusterName()).startsWith("sluice-");
            handles = cluster.children().stream().map(ChildJvm::handle).toList();
            assertThat(handles).allMatch(ProcessHandle::isAlive);
        }
        assertThat(handles).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aChildWhoseParentIsKilledExitsByItself() throws Exception {
        // a parent JVM with a one-process local cluster, killed with SIGKILL: no hook of it runs,
        // yet its child sees its input close and exits
        ProcessHandle grandchild;
        try (ChildJvm parent = ChildJvm.start(
                "parent", OrphanCheckParent.class.getName(), List.of("-XX:TieredStopAtLevel=1"), List.of())) {
            long pid = Long.parseLong(parent.awaitReady(Duration.ofSeconds(60)).trim());
            grandchild = ProcessHandle.of(pid).orElseThrow();
            assertThat(grandchild.isAlive()).isTrue();

            parent.handle().destroyForcibly();

            await().atMost(Duration.ofSeconds(20)).until(() -> !grandchild.isAlive());
        }
    }

    @Test
    void aChildThatFailsToStartIsReportedWithItsOutput() throws Exception {
        try (ChildJvm child = ChildJvm.start(
                "bad process",
                ChildMember.class.getName(),
                LocalCluster.DEFAULT_JVM_OPTIONS,
                List.of("--no-such-option", "x"))) {
            assertThatThrownBy(() -> child.awaitReady(Duration.ofSeconds(30)))
                    .isInstanceOf(ClusterJoinException.class)
                    .hasMessageContaining("bad process")
                    .hasMessageContaining("exited with code 1 before it was ready")
                    .hasMessageContaining("unknown option --no-such-option");
            assertThat(child.isAlive()).isFalse();
        }
    }
}
