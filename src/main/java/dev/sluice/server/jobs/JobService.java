package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.flows.FlowRegistry;
import dev.sluice.server.jobs.JobExceptions.InputConflictException;
import dev.sluice.server.jobs.JobExceptions.UnknownJobException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Long-running jobs: a flow as a normal Jet job, fed over HTTP or by an input builder bean, writing
 * to an HTTP-readable output log or an output builder bean. Records live in the cluster
 * ({@link JobStore}), so any member answers for any job. Starting one is {@link JobStarter}'s, what a
 * job shows {@link JobViews}'; this finds, feeds and cancels them.
 */
@Service
class JobService {

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final FlowRegistry flows;
    private final SluiceProperties properties;
    private final JobEraser eraser;
    private final JobViews views;
    private final JobStarter starter;

    JobService(
            HazelcastInstance hazelcast,
            JobStore store,
            FlowRegistry flows,
            SluiceProperties properties,
            JobViews views,
            JobStarter starter) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.flows = flows;
        this.properties = properties;
        this.eraser = new JobEraser(hazelcast, store);
        this.views = views;
        this.starter = starter;
    }

    /**
     * Starts a job ({@link JobStarter#start}); with an {@code Idempotency-Key}, only the first request
     * that names it does, and a retry gets that job.
     */
    JobStarter.Started start(String flowName, JobRequest request, String idempotencyKey) {
        return starter.start(flowName, request, idempotencyKey);
    }

    JobView get(String id) {
        return view(record(id));
    }

    /** What a job has done, read from every member's workers now. */
    JobProgress progress(String id) {
        return views.progress(record(id));
    }

    private JobRecord record(String id) {
        JobRecord record = store.jobs().get(id);
        if (record == null) {
            throw new UnknownJobException(id);
        }
        return record;
    }

    /** Appends an http input body of {@code bytes} (ordered by epoch here), within the job's backlog. */
    JobStore.InputLog appendInput(String id, List<EpochItem<Object>> pairs, long bytes) {
        JobRecord record = httpInput(id);
        List<EpochItem<Object>> ordered = new ArrayList<>(pairs);
        ordered.sort(Comparator.comparingLong(EpochItem::epoch));
        if (views.isFinished(record)) {
            throw new InputConflictException("job '" + id + "' has ended; it takes no more input");
        }
        return store.appendInput(
                id, ordered, bytes, properties.jobs().maxInputBacklog().toBytes());
    }

    /** The flow a job runs, to read input bodies for. */
    Dataflow<?, ?> flowOf(String id) {
        return flows.get(record(id).flow());
    }

    JobStore.InputLog closeInput(String id) {
        httpInput(id);
        return store.closeInput(id);
    }

    private JobRecord httpInput(String id) {
        JobRecord record = record(id);
        if (!record.input().isHttp()) {
            throw new InputConflictException(
                    "job '" + id + "' reads its input from " + record.input().describe() + ", not over HTTP");
        }
        return record;
    }

    /**
     * What a {@code DELETE} did.
     *
     * @param job the job after it
     * @param cancelling whether the job was still running, so the request cancels it ({@code 202}); false
     *     when it had ended already and is now erased ({@code 204}, and {@code 404} after)
     */
    record Cancel(JobView job, boolean cancelling) {}

    /**
     * Cancels a job that runs: its input closes and its Jet job is cancelled; it reads {@code CANCELLING}
     * until it stops. A job that has ended is erased with all its data ({@link JobEraser}).
     */
    Cancel cancel(String id) {
        JobRecord record = record(id);
        JobView before = view(record);
        if (before.status().isTerminal()) {
            if (!eraser.erase(id)) {
                throw new UnknownJobException(id);
            }
            return new Cancel(before, false);
        }
        store.recordCancel(id);
        if (record.input().isHttp()) {
            store.closeInput(id);
        }
        Job job = hazelcast.getJet().getJob(record.jetJobId());
        if (job != null && !CoordinatorCalls.status(job).isTerminal()) {
            try {
                job.cancel();
            } catch (IllegalStateException e) {
                // it ended meanwhile
            }
        }
        return new Cancel(view(record), true);
    }

    /** Whether the job can produce no more output. */
    boolean isFinished(String id) {
        return views.isFinished(record(id));
    }

    JobRecord recordOf(String id) {
        return record(id);
    }

    JobStore store() {
        return store;
    }

    JobView view(JobRecord record) {
        return views.view(record);
    }

    /** A job as shown, its Jet job already looked up ({@code null} when the cluster no longer knows it). */
    JobView view(JobRecord record, Job job) {
        return views.view(record, job);
    }
}
