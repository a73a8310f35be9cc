package dev.sluice.execution;

import java.util.ServiceLoader;

/** The {@link ClusterLauncher} on the class path, loaded on first use (the local driver never needs one). */
final class ClusterLaunchers {

    private ClusterLaunchers() {}

    /**
     * The launcher.
     *
     * @throws IllegalStateException when there is none (the {@code dev.sluice.cluster} classes are missing)
     */
    static ClusterLauncher get() {
        return Holder.LAUNCHER;
    }

    private static final class Holder {
        private static final ClusterLauncher LAUNCHER = ServiceLoader.load(
                        ClusterLauncher.class, ClusterLauncher.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + ClusterLauncher.class.getName()
                        + " on the class path: the cluster runs need dev.sluice.cluster.SeedRuns and its "
                        + "META-INF/services entry"));
    }
}
