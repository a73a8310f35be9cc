package dev.sluice.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

    @Test
    void childrenFormOneClusterWithDeclaredProcessIdsAndAreGoneAfterClose() throws Exception {
        long start = System.nanoTime();
        List<ProcessHandle> handles;
        try (LocalCluster cluster = LocalCluster.start(2)) {
            System.err.println("started in " + (System.nanoTime() - start) / 1_000_000 + " ms");
            List<ClusterProcess> processes = Membership.processes(cluster.client());
            assertThat(processes).extracting(ClusterProcess::processId).containsExactly(0, 1);
            assertThat(processes).extracting(ClusterProcess::address).containsExactlyElementsOf(cluster.addresses());
            assertThat(processes).allMatch(ClusterProcess::declared);
            handles = cluster.children().stream().map(ChildJvm::handle).toList();
            assertThat(handles).allMatch(ProcessHandle::isAlive);
            start = System.nanoTime();
        }
        System.err.println("stopped in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(handles).noneMatch(ProcessHandle::isAlive);
    }
}
