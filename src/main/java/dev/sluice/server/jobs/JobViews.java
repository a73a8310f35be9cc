package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.core.metrics.Measurement;
import com.hazelcast.jet.core.metrics.MeasurementPredicates;
import com.hazelcast.jet.core.metrics.MetricNames;
import com.hazelcast.jet.core.metrics.MetricTags;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.Step;
import dev.sluice.execution.jet.ClusterMetrics;
import dev.sluice.execution.jet.JetSnapshots;
import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.failure.JobFailure;
import dev.sluice.server.cluster.ClusterUnavailableException;
import dev.sluice.server.flows.FlowRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What a job shows: its view ({@link JobView}: the record with its Jet job's status, failure, counts
 * and frontier) and its progress ({@link JobProgress}, read from every member's workers when asked).
 */
@Component
final class JobViews {

    /** How long the members have to report a job's progress. */
    static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(10);

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final FlowRegistry flows;

    JobViews(HazelcastInstance hazelcast, JobStore store, FlowRegistry flows) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.flows = flows;
    }

    JobView view(JobRecord record) {
        return view(record, hazelcast.getJet().getJob(record.jetJobId()));
    }

    /** A job as shown, its Jet job already looked up ({@code null} when the cluster no longer knows it). */
    JobView view(JobRecord record, Job job) {
        com.hazelcast.jet.core.JobStatus jet = job == null ? null : job.getStatus();
        JobStatus status = JobStatus.of(job, store.cancelAsked(record.id()), store.suspendAsked(record.id()));
        JobFailureView failure = null;
        Long completedAt = null;
        Long lowestOpenEpoch = null;
        if (jet != null) {
            if (jet == com.hazelcast.jet.core.JobStatus.RUNNING) {
                lowestOpenEpoch = lowestOpenEpoch(job);
            }
            if (jet.isTerminal()) {
                completedAt = store.endOrNow(record.id());
                if (jet == com.hazelcast.jet.core.JobStatus.FAILED && !job.isUserCancelled()) {
                    JobFailure failed = failureOf(job);
                    failure = failed == null ? null : JobFailureView.of(failed);
                }
            }
        }
        // a job the data loss monitor stopped: it was cancelled, but it failed
        if (jet == null || jet.isTerminal()) {
            String lost = hazelcast
                    .<String, String>getMap(DataLossMonitor.FAILURES_MAP)
                    .get(record.id());
            if (lost != null) {
                status = JobStatus.FAILED;
                failure = JobFailureView.of(JobFailure.reason(lost));
                if (completedAt == null) {
                    completedAt = store.endOrNow(record.id());
                }
            }
        }
        JobStore.InputLog inputLog = record.input().isHttp() ? store.inputLog(record.id()) : null;
        Long countOut = record.output().isHttp() ? store.outputCount(record.id()) : null;
        // Jet restarts a running job on every member after the membership changes: while it runs it is
        // on the members there are now; once ended, show the members it started on
        int processes = jet != null && !jet.isTerminal()
                ? hazelcast.getCluster().getMembers().size()
                : record.processes();
        return new JobView(
                record.id(),
                record.flow(),
                status,
                record.submittedAt(),
                completedAt,
                failure,
                processes,
                processes * record.workersPerProcess(),
                record.workersPerProcess(),
                record.input(),
                record.output(),
                inputLog == null ? null : inputLog.items(),
                countOut,
                lowestOpenEpoch,
                inputLog == null ? null : inputLog.closed(),
                record.processingGuarantee(),
                record.snapshotIntervalMillis(),
                record.idempotencyKey(),
                record.outputRetention());
    }

    /**
     * The lowest epoch still open: the lowest watermark the keyed steps have coalesced over every
     * worker, from Jet's job metrics, which are collected every second and so lag a little.
     * {@code null} before every worker has reached an epoch, and for a flow without keyed steps
     * (nothing there waits for an epoch to complete).
     */
    private static Long lowestOpenEpoch(Job job) {
        try {
            List<Measurement> watermarks = job.getMetrics()
                    .filter(MeasurementPredicates.tagValueMatches(MetricTags.VERTEX, "step-.*"))
                    .get(MetricNames.COALESCED_WM);
            long lowest =
                    watermarks.stream().mapToLong(Measurement::value).min().orElse(Long.MIN_VALUE);
            // above every epoch: the input has ended, and the job waits for its last snapshot
            return lowest < 0 || lowest > EpochItem.MAX_EPOCH ? null : lowest;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Why a job failed, or {@code null} when it did not: a normal Jet job reports its failure as
     * text (the original exception does not travel back), which {@link JobFailure#of(Throwable)}
     * reads the step, operator, exception and message from.
     */
    static JobFailure failureOf(Job job) {
        return job.getFuture()
                .handle((result, failure) -> failure == null ? null : JobFailure.of(failure))
                .join();
    }

    /** What a job has done, read from every member's workers now. */
    JobProgress progress(JobRecord record) {
        String id = record.id();
        JobView view = view(record);
        List<ClusterMetrics.MemberReport> reports;
        try {
            reports = ClusterMetrics.ofRun(hazelcast, id, PROGRESS_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new ClusterUnavailableException(
                    "the progress of job '" + id + "' could not be read: " + e.getMessage()
                            + "; ask again once the cluster is stable",
                    e);
        }
        Map<Integer, StepCount> counted = new TreeMap<>();
        ClusterMetrics.steps(reports).forEach(count -> counted.put(count.index(), count));
        Dataflow<?, ?> flow = flows.all().get(record.flow());
        List<JobProgress.StepProgress> steps = new ArrayList<>();
        if (flow != null) {
            for (int i = 0; i < flow.steps().size(); i++) {
                Step step = flow.steps().get(i);
                StepCount count = counted.getOrDefault(
                        i, new StepCount(i, step.operator(), step.keyed(), 0, 0, 0, StepCount.UNKNOWN));
                steps.add(JobProgress.StepProgress.of(count));
            }
        }
        Map<Integer, InputProgress> byWorker = new TreeMap<>();
        reports.forEach(report -> report.inputs().forEach(input -> byWorker.put(input.worker(), input)));
        long read = byWorker.values().stream().mapToLong(InputProgress::read).sum();
        Long accepted = view.countIn();
        if (accepted != null) {
            read = Math.min(read, accepted); // a restored worker that had read everything knows no count
        }
        JetSnapshots.Snapshots snapshot = record.snapshotIntervalMillis() > 0 && !isFinished(record)
                ? JetSnapshots.of(hazelcast, record.jetJobId())
                        .filter(s -> s.id() >= 0)
                        .orElse(null)
                : null;
        return new JobProgress(
                record.id(),
                record.flow(),
                view.status(),
                steps,
                byWorker.values().stream().map(JobProgress.InputWorker::of).toList(),
                accepted,
                read,
                accepted == null ? null : accepted - read,
                record.output().isHttp() ? store.outputCount(record.id()) : null,
                snapshot == null ? null : snapshot.id(),
                snapshot == null ? null : snapshot.completedAt(),
                snapshot == null ? null : snapshot.durationMillis());
    }

    /** Whether the job can produce no more output. */
    boolean isFinished(JobRecord record) {
        Job job = hazelcast.getJet().getJob(record.jetJobId());
        return job == null || job.getStatus().isTerminal();
    }
}
