package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.Step;
import dev.sluice.execution.jet.ClusterMetrics;
import dev.sluice.execution.jet.JetSnapshots;
import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.execution.metrics.StepCount;
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
    private final JobViewReader reader;

    JobViews(HazelcastInstance hazelcast, JobStore store, FlowRegistry flows, JobViewReader reader) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.flows = flows;
        this.reader = reader;
    }

    JobView view(JobRecord record) {
        return view(record, hazelcast.getJet().getJob(record.jetJobId()));
    }

    /** A job as shown, its Jet job already looked up ({@code null} when the cluster no longer knows it). */
    JobView view(JobRecord record, Job job) {
        return reader.view(record, job);
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
        JetSnapshots.Snapshots snapshot =
                record.snapshotIntervalMillis() > 0 && !view.status().isTerminal()
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

    /**
     * Whether the job can produce no more output: its status, as its view shows it, is terminal. The
     * input's "has ended" check and the output's end ask this, so they cannot disagree with the view.
     */
    boolean isFinished(JobRecord record) {
        return reader.status(record).status().isTerminal();
    }
}
