package dev.sluice.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cluster.SeedRuns;
import org.junit.jupiter.api.Test;

/** {@link Sluice}'s multi-process runs find the cluster layer through {@code META-INF/services}. */
class ClusterLaunchersTest {

    @Test
    void theClusterLayersLauncherIsFoundOnTheClassPathAndLoadedOnce() {
        assertThat(ClusterLaunchers.get()).isInstanceOf(SeedRuns.class).isSameAs(ClusterLaunchers.get());
    }
}
