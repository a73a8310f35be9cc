package dev.sluice.execution.metrics;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * Whose work a worker's counts are, as a driver tags them: the flow, the job they add into, and the
 * run (one execution, whose figures can be asked for on their own).
 *
 * <p>A long-running job is its own run ({@code run} equals {@code job}: a restart adds into it). Finite
 * runs share one job, {@link #RUNS}, so that a busy service does not grow a label per request; each has
 * a run of its own, which a registry keeps a short while after it ends ({@link StepMetrics}).
 *
 * @param flow the flow's name
 * @param job the job the counts add into: a job's ID, or {@link #RUNS}
 * @param run this execution
 */
public record MetricsTag(String flow, String job, String run) implements Serializable {

    /** The job every finite run adds into. */
    public static final String RUNS = "runs";

    public MetricsTag {
        Objects.requireNonNull(flow, "flow must not be null");
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(run, "run must not be null");
    }

    /** The tag of a long-running job: its own run. */
    public static MetricsTag job(String flow, String jobId) {
        return new MetricsTag(flow, jobId, jobId);
    }

    /** The tag of a new finite run of {@code flow}: job {@link #RUNS}, a run of its own. */
    public static MetricsTag finiteRun(String flow) {
        return new MetricsTag(flow, RUNS, UUID.randomUUID().toString());
    }

    /** Whether the run ends and is then kept only a while: a finite run, not a job. */
    public boolean transientRun() {
        return !run.equals(job);
    }
}
