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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    /** How long what a scrape read stays fresh: the scrapes of one second share it. */
    private static final long FRESH_NANOS = 1_000_000_000;

    private final MeterRegistry registry;
    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final StepMeters steps;
    private final JobViewReader views;
    private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();
    private volatile StatusCount statusCount = new StatusCount(0, Map.of());
    private volatile Figures figures = new Figures(0, Map.of());

    JobMeters(
            MeterRegistry registry,
            HazelcastInstance hazelcast,
            JobStore store,
            JobViewReader views,
            StepMeters steps) {
        this.registry = registry;
        this.hazelcast = hazelcast;
        this.store = store;
        this.steps = steps;
        this.views = views;
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
                meters -> meters.figures(id).accepted()));
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
                meters -> meters.figures(id).committed()));
        registered.add(Gauge.builder(
                        "sluice.job.snapshots",
                        this,
                        meters -> meters.figures(id).snapshots())
                .description("Snapshots the job has begun up to its last successful one, while it runs (oldest member)")
                .tags(tags)
                .register(registry));
        registered.add(Gauge.builder(
                        "sluice.job.snapshot.duration",
                        this,
                        meters -> meters.figures(id).snapshotSeconds())
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

    /**
     * A job's figures of the cluster: 0 on every member but the oldest. One scrape reads every job's
     * figures at once (a {@code getAll} per map for the jobs with meters here), at most once per
     * {@link #FRESH_NANOS}, rather than a read per gauge.
     */
    private JobFigures figures(String id) {
        Figures figures = this.figures;
        long now = System.nanoTime();
        if (figures.at == 0 || now - figures.at > FRESH_NANOS) {
            figures = new Figures(now, isOldest() ? readFigures() : Map.of());
            this.figures = figures;
        }
        return figures.byJob.getOrDefault(id, JobFigures.NONE);
    }

    private Map<String, JobFigures> readFigures() {
        Set<String> ids = new HashSet<>(meters.keySet());
        if (ids.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, JobRecord> records = store.jobs().getAll(ids);
            Map<String, JobStore.InputLog> inputs = hazelcast
                    .<String, JobStore.InputLog>getMap(JobStore.INPUT_LOGS)
                    .getAll(ids);
            Map<String, JobStore.OutputLog> outputs = hazelcast
                    .<String, JobStore.OutputLog>getMap(JobStore.OUTPUT_LOGS)
                    .getAll(ids);
            Set<Long> jetIds = new HashSet<>();
            records.values().forEach(record -> jetIds.add(record.jetJobId()));
            Map<Long, JetSnapshots.Snapshots> snapshots = JetSnapshots.of(hazelcast, jetIds);
            Map<String, JobFigures> byJob = new HashMap<>();
            for (String id : ids) {
                JobStore.InputLog input = inputs.get(id);
                JobStore.OutputLog output = outputs.get(id);
                JobRecord record = records.get(id);
                JetSnapshots.Snapshots snapshot = record == null ? null : snapshots.get(record.jetJobId());
                byJob.put(
                        id,
                        new JobFigures(
                                input == null ? 0 : input.items(),
                                output == null ? 0 : output.next(),
                                snapshot == null ? 0 : snapshot.count(),
                                snapshot == null ? 0 : snapshot.durationMillis() / 1000.0));
            }
            return byJob;
        } catch (RuntimeException e) {
            return Map.of(); // not in a cluster any more
        }
    }

    /** What one job's gauges of the cluster report. */
    private record JobFigures(long accepted, long committed, long snapshots, double snapshotSeconds) {
        static final JobFigures NONE = new JobFigures(0, 0, 0, 0);
    }

    /** Every job's figures as read at {@code at} ({@link System#nanoTime()}; 0: never). */
    private record Figures(long at, Map<String, JobFigures> byJob) {}

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
        if (count.at == 0 || now - count.at > FRESH_NANOS) {
            Map<String, Integer> byStatus = new HashMap<>();
            try {
                // statuses only: no view, no figures
                List<JobRecord> records = new ArrayList<>(store.jobs().values());
                views.statuses(records, views.jetJobs())
                        .forEach(job -> byStatus.merge(job.status().name(), 1, Integer::sum));
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
