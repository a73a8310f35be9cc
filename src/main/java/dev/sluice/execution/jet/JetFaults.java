package dev.sluice.execution.jet;

/**
 * Faults of Jet itself, told apart from a job's own failures by how Jet describes them: a job with
 * snapshots that fails with one of these loses nothing if it is resumed from its last snapshot (Jet's
 * suspend-on-failure keeps it), where failing it would drop its state.
 */
public final class JetFaults {

    private JetFaults() {}

    /**
     * Whether a failure, as Jet describes it (a suspension's cause, a job's failure text), is a fault of
     * Jet's own that a resume gets past. The one known: Hazelcast 5.5's race after the master is lost,
     * where a member's new execution of a job finds the job's class loaders removed by its old execution
     * ({@code JobClassLoaders for jobId=… requested, but it does not exists}; hazelcast/hazelcast#23785).
     */
    public static boolean resumable(String failure) {
        return failure.contains("JobClassLoaders for jobId=") && failure.contains("requested, but it does not exist");
    }
}
