package dev.sluice.server.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.execution.jet.JetSnapshots;
import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepMetrics.JobKey;
import dev.sluice.server.metrics.StepMeters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * Jobs as meters. Every meter sums over members: what belongs to one member (its input workers'
 * reads) each member reports for itself; what belongs to the cluster (jobs by status, input accepted,
 * output committed, snapshots) the oldest member reports and the others report {@code 0}.
 * <ul>
 *   <li>{@code sluice.jobs} by {@code status}: the jobs of the cluster;</li>
 *   <li>{@code sluice.job.input.accepted}, {@code sluice.job.input.read}, {@code sluice.job.output.committed}
 *       (items) by {@code flow} and {@code job}: pairs the http input accepted, pairs this member's input
 *       workers have passed into the flow, pairs in the http output; accepted minus read is the lag;</li>
 *   <li>{@code sluice.job.snapshots} (snapshots begun up to the last successful one) and
 *       {@code sluice.job.snapshot.duration} (the last one's, seconds), from Jet's record of the job while
 *       it runs.</li>
 * </ul>
 * A job's meters are registered on a member when its workers start there; {@link #forget} drops them.
 */
@Component
class JobMeters {

    /** Statuses {@code sluice.jobs} reports, each always present. */
    static final List<String> STATUSES =
            Arrays.stream(JobStatus.values()).map(Enum::name).toList();

    private static final long STATUS_FRESH_NANOS = 1_000_000_000;

    private final MeterRegistry registry;
    private final HazelcastInstance hazelcast;
    private final JobService jobs;
    private final StepMeters steps;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
    private volatile StatusCount statusCount = new StatusCount(0, Map.of());

    JobMeters(MeterRegistry registry, HazelcastInstance hazelcast, JobService jobs, StepMeters steps) {
        this.registry = registry;
        this.hazelcast = hazelcast;
        this.jobs = jobs;
        this.steps = steps;
        for (String status : STATUSES) {
            Gauge.builder("sluice.jobs", this, meters -> meters.jobsIn(status))
                    .description("Jobs of the cluster by status (reported by the oldest member; 0 on the others)")
                    .tag("status", status)
                    .register(registry);
        }
        steps.metrics().onNewJob(this::register);
        steps.metrics().jobs().forEach(this::register);
    }

    /** Drops a job's meters, its step meters included: the job is gone for good. */
    void forget(String jobId) {
        List<Meter> gone = meters.remove(jobId);
        if (gone != null) {
            gone.forEach(registry::remove);
        }
        steps.forget(jobId);
    }

    private void register(JobKey key) {
        if (key.job().equals(MetricsTag.RUNS)) {
            return;
        }
        String id = key.job();
        Tags tags = Tags.of("flow", key.flow(), "job", id);
        List<Meter> registered = new ArrayList<>();
        registered.add(gauge(
                "sluice.job.input.accepted",
                "Pairs the job's http input accepted (oldest member)",
                tags,
                oldestOnly(meters -> meters.jobs.store().inputLog(id).items())));
        registered.add(gauge(
                "sluice.job.input.read",
                "Pairs this member's input workers of the job have passed into the flow",
                tags,
                meters -> meters.steps.metrics().inputs(id).stream()
                        .mapToLong(InputProgress::read)
                        .sum()));
        registered.add(gauge(
                "sluice.job.output.committed",
                "Pairs in the job's http output (oldest member)",
                tags,
                oldestOnly(meters -> meters.jobs.store().outputCount(id))));
        ToDoubleFunction<JobMeters> snapshotCount = meters ->
                meters.snapshots(id).map(JetSnapshots.Snapshots::count).orElse(0L);
        ToDoubleFunction<JobMeters> snapshotSeconds = meters ->
                meters.snapshots(id).map(s -> s.durationMillis() / 1000.0).orElse(0.0);
        registered.add(Gauge.builder("sluice.job.snapshots", this, oldestOnly(snapshotCount))
                .description("Snapshots the job has begun up to its last successful one, while it runs (oldest member)")
                .tags(tags)
                .register(registry));
        registered.add(Gauge.builder("sluice.job.snapshot.duration", this, oldestOnly(snapshotSeconds))
                .description("How long the job's last successful snapshot took, while it runs (oldest member)")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry));
        meters.put(id, registered);
    }

    private Meter gauge(String name, String description, Tags tags, ToDoubleFunction<JobMeters> value) {
        return Gauge.builder(name, this, value)
                .description(description)
                .baseUnit("items")
                .tags(tags)
                .register(registry);
    }

    private Optional<JetSnapshots.Snapshots> snapshots(String id) {
        JobRecord record = jobs.store().jobs().get(id);
        return record == null ? Optional.empty() : JetSnapshots.of(hazelcast, record.jetJobId());
    }

    /** A figure of the cluster: the oldest member reports it, the others 0, so that a sum counts it once. */
    private static ToDoubleFunction<JobMeters> oldestOnly(ToDoubleFunction<JobMeters> figure) {
        return meters -> meters.isOldest() ? figure.applyAsDouble(meters) : 0;
    }

    private boolean isOldest() {
        try {
            Member oldest = hazelcast.getCluster().getMembers().iterator().next();
            return oldest.localMember();
        } catch (RuntimeException e) {
            return false; // not in a cluster any more
        }
    }

    private double jobsIn(String status) {
        if (!isOldest()) {
            return 0;
        }
        StatusCount count = statusCount;
        long now = System.nanoTime();
        if (count.at == 0 || now - count.at > STATUS_FRESH_NANOS) {
            Map<String, Integer> byStatus = new ConcurrentHashMap<>();
            try {
                jobs.list().forEach(view -> byStatus.merge(view.status().name(), 1, Integer::sum));
            } catch (RuntimeException e) {
                return 0;
            }
            count = new StatusCount(now, byStatus);
            statusCount = count;
        }
        return count.byStatus.getOrDefault(status, 0);
    }

    private record StatusCount(long at, Map<String, Integer> byStatus) {}
}
