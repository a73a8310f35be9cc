package dev.sluice.cluster;

/**
 * A parent JVM for {@link LocalClusterTest}: starts a one-process local cluster, prints its child's
 * PID in a ready line and waits, so that the test can kill it and watch the child go.
 */
public final class OrphanCheckParent {

    private OrphanCheckParent() {}

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWithParent();
        LocalCluster cluster = LocalCluster.start(1);
        System.out.println(ChildJvm.READY_PREFIX + cluster.pids().get(0));
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
