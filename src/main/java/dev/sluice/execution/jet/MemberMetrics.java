package dev.sluice.execution.jet;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.execution.metrics.StepMetrics;
import java.util.Objects;

/**
 * Each member's own {@link StepMetrics}, kept in its user context ({@link HazelcastInstance#getUserContext}):
 * the processors of a tagged DAG ({@link JetDataflow#dag(dev.sluice.dataflow.Dataflow,
 * dev.sluice.dataflow.fn.InputBuilderFn, dev.sluice.dataflow.fn.OutputBuilderFn, int,
 * dev.sluice.execution.metrics.MetricsTag)}) register their chains there, and whoever reports on that
 * member reads it. Several members in one JVM each have their own.
 */
public final class MemberMetrics {

    /** The user context key of a member's registry. */
    static final String KEY = "sluice.step-metrics";

    private MemberMetrics() {}

    /** The registry of the member {@code member}, created on first use. */
    public static StepMetrics of(HazelcastInstance member) {
        Objects.requireNonNull(member, "member must not be null");
        return (StepMetrics) member.getUserContext().computeIfAbsent(KEY, key -> new StepMetrics());
    }
}
