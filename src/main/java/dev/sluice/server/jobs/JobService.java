package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.Step;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.jet.ClusterMetrics;
import dev.sluice.execution.jet.JetDataflow;
import dev.sluice.execution.jet.JetSnapshots;
import dev.sluice.execution.log.LogInputFn;
import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.server.cluster.ClusterUnavailableException;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.flows.FlowConsistency;
import dev.sluice.server.flows.FlowRegistry;
import dev.sluice.server.jobs.JobExceptions.IdempotencyKeyInUseException;
import dev.sluice.server.jobs.JobExceptions.IdempotencyKeyReusedException;
import dev.sluice.server.jobs.JobExceptions.InputConflictException;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import dev.sluice.server.jobs.JobExceptions.UnknownJobException;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Long-running jobs: a flow as a normal Jet job, fed over HTTP or by an input builder bean, writing
 * to an HTTP-readable output log or an output builder bean. Records live in the cluster
 * ({@link JobStore}), so any member answers for any job.
 */
@Service
class JobService {

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final FlowRegistry flows;
    private final FlowConsistency consistency;
    private final InputBuilders inputBuilders;
    private final Map<String, OutputBuilderFn> outputBuilders;
    private final SluiceProperties properties;
    private final JobLifecycleLog lifecycle;
    private final JobAdmission admission;
    private final JobEraser eraser;
    private final JobViewReader viewReader;

    /** How long the members have to report a job's progress. */
    static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(10);

    JobService(
            HazelcastInstance hazelcast,
            FlowRegistry flows,
            FlowConsistency consistency,
            InputBuilders inputBuilders,
            Map<String, OutputBuilderFn> outputBuilders,
            SluiceProperties properties,
            JobLifecycleLog lifecycle) {
        this.hazelcast = hazelcast;
        this.lifecycle = lifecycle;
        this.store = new JobStore(hazelcast);
        this.flows = flows;
        this.consistency = consistency;
        this.inputBuilders = inputBuilders;
        this.outputBuilders = outputBuilders;
        this.properties = properties;
        this.admission = new JobAdmission(hazelcast, properties.jobs().maxRunning());
        this.eraser = new JobEraser(hazelcast, store);
        this.viewReader = new JobViewReader(hazelcast, store);
    }

    /** What a job request asks for. */
    record JobRequest(
            @Schema(description = "Where the input comes from (default `http`)")
            Endpoint input,

            @Schema(description = "Where the output goes (default `http`)")
            Endpoint output,

            @Schema(description = "Workers on each member (default: sluice.workers-per-process)", example = "2")
            Integer workersPerProcess,

            @Schema(
                    description =
                            "What survives a member's loss: `exactly-once` (the default for an http or kafka input: "
                                    + "snapshots, replayed input, output committed with snapshots), `at-least-once` (the same "
                                    + "without aligning snapshots: after a restart some input may be processed twice), or `none` (a restart "
                                    + "starts over; the default, and the only choice, for an input builder that cannot replay)",
                    allowableValues = {"exactly-once", "at-least-once", "none"},
                    example = "exactly-once")
            String processingGuarantee,

            @Schema(
                    description = "Milliseconds between snapshots, 100 to 3600000 (default: "
                            + "sluice.jobs.snapshot-interval). Http output becomes visible at this pace, and once its input "
                            + "is closed a job completes at its next snapshot",
                    example = "1000")
            Long snapshotIntervalMillis,

            @Schema(description = "How much of the http output is kept (default: sluice.jobs.output-retention)")
            OutputWindow outputRetention) {}

    static final long MIN_SNAPSHOT_INTERVAL_MILLIS = 100;
    static final long MAX_SNAPSHOT_INTERVAL_MILLIS = 3_600_000;

    /**
     * A job started, or found again by its idempotency key.
     *
     * @param job the job
     * @param created whether this request started it ({@code 201}); false for a retry ({@code 200})
     */
    record Started(JobView job, boolean created) {}

    /** How long a retry waits for the job its key is starting, before it answers {@code 409}. */
    private static final long KEY_WAIT_MILLIS = 10_000;

    /** The longest {@code Idempotency-Key} taken. */
    static final int MAX_KEY_LENGTH = 255;

    /**
     * Starts a job; with an {@code Idempotency-Key}, only the first request that names it does, and a
     * retry (the same flow and request) gets that job, from any member.
     *
     * @throws RuntimeException a problem: an unknown flow ({@code 404})
     * @throws InvalidJobRequestException for a request that cannot be started as given
     * @throws IdempotencyKeyReusedException for a key used before with another flow or request
     * @throws IdempotencyKeyInUseException for a key whose job is still being started by another request
     */
    Started start(String flowName, JobRequest request, String idempotencyKey) {
        Dataflow<?, ?> flow = flows.get(flowName);
        if (request == null) {
            throw new InvalidJobRequestException("a job request needs a body: {\"input\": {\"type\": \"http\"}, "
                    + "\"output\": {\"type\": \"http\"}}");
        }
        Plan plan = plan(flowName, flow, request);
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (idempotencyKey == null) {
            return new Started(admission.admit(id, () -> submit(id, flowName, flow, plan, null)), true);
        }
        checkKey(idempotencyKey);
        JobStore.KeyUse use = new JobStore.KeyUse(id, flowName + " " + request);
        JobStore.KeyUse earlier = store.reserveKey(idempotencyKey, use);
        if (earlier != null) {
            return new Started(retried(idempotencyKey, earlier, use), false);
        }
        try {
            return new Started(admission.admit(id, () -> submit(id, flowName, flow, plan, idempotencyKey)), true);
        } catch (RuntimeException e) {
            store.releaseKey(idempotencyKey, use);
            throw e;
        }
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw new InvalidJobRequestException("the Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters (a UUID, say), got " + key.length() + " characters"
                    + (key.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? "" : " with some outside printable ASCII"));
        }
    }

    /** The job an earlier request with the same key started, once its record is stored. */
    private JobView retried(String key, JobStore.KeyUse earlier, JobStore.KeyUse now) {
        if (!earlier.request().equals(now.request())) {
            throw new IdempotencyKeyReusedException("the Idempotency-Key '" + key + "' started job '" + earlier.jobId()
                    + "' with another request (" + earlier.request() + "); a retry must send the same flow and "
                    + "body, and a new job needs a new key");
        }
        long deadline = System.currentTimeMillis() + KEY_WAIT_MILLIS;
        while (true) {
            JobRecord record = store.jobs().get(earlier.jobId());
            if (record != null) {
                return view(record);
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IdempotencyKeyInUseException("the job of the Idempotency-Key '" + key + "' (job '"
                        + earlier.jobId() + "') is still being started by another request; retry in a moment");
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IdempotencyKeyInUseException(
                        "interrupted while waiting for the job of the " + "Idempotency-Key '" + key + "' to start");
            }
        }
    }

    /** A request checked and read: what a job gets. */
    private record Plan(
            Endpoint input,
            Endpoint output,
            int workersPerProcess,
            String processingGuarantee,
            Long snapshotIntervalMillis,
            OutputWindow outputRetention) {}

    private Plan plan(String flowName, Dataflow<?, ?> flow, JobRequest request) {
        Endpoint input = JobEndpoints.checked("input", request.input(), inputBuilders.names());
        if (input.isBuilder()) {
            inputBuilders.checkFits(input.name(), flowName, flow);
        }
        Endpoint output = JobEndpoints.checked("output", request.output(), outputBuilders.keySet());
        int max = properties.run().maxWorkersPerProcess();
        Integer asked = request.workersPerProcess();
        if (asked != null && (asked < 1 || asked > max)) {
            throw new InvalidJobRequestException("workersPerProcess must be between 1 and " + max + ", got " + asked);
        }
        int workersPerProcess = asked != null ? asked : properties.defaultWorkersPerProcess();
        consistency.requireFlow(flowName);
        if (input.isBuilder()) {
            consistency.requireInputBuilder(input.name());
        }
        if (output.isBuilder()) {
            consistency.requireOutputBuilder(output.name());
        }
        Plan plan = new Plan(
                input,
                output,
                workersPerProcess,
                request.processingGuarantee(),
                request.snapshotIntervalMillis(),
                OutputWindow.of(request.outputRetention(), properties.jobs().outputRetention()));
        // the guarantee and the interval are checked here too, before a key is reserved
        ProcessingGuarantee guarantee = guarantee(plan.processingGuarantee(), input, replayable(input));
        snapshotIntervalMillis(plan.snapshotIntervalMillis(), guarantee);
        return plan;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private JobView submit(String id, String flowName, Dataflow<?, ?> flow, Plan plan, String idempotencyKey) {
        Endpoint input = plan.input();
        Endpoint output = plan.output();
        int workersPerProcess = plan.workersPerProcess();
        JobLogs logs = new JobLogs(hazelcast.getConfig().getClusterName(), id);
        ProcessingGuarantee guarantee = guarantee(plan.processingGuarantee(), input, replayable(input));
        InputBuilderFn<?> inputBuilder = JobEndpoints.input(input, flow, logs, inputBuilders);
        OutputBuilderFn outputBuilder = JobEndpoints.output(output, logs, outputBuilders, guarantee);
        long snapshotInterval = snapshotIntervalMillis(plan.snapshotIntervalMillis(), guarantee);
        var dag = JetDataflow.dag(
                (Dataflow) flow,
                (InputBuilderFn) inputBuilder,
                outputBuilder,
                workersPerProcess,
                MetricsTag.job(flowName, id));

        JobConfig config = new JobConfig()
                .setName("sluice-job-" + id)
                .setStoreMetricsAfterJobCompletion(false)
                .setProcessingGuarantee(guarantee.jet());
        if (snapshotInterval > 0) {
            config.setSnapshotIntervalMillis(snapshotInterval);
        }
        Job job = hazelcast.getJet().newJob(dag, config);
        JobRecord record = new JobRecord(
                id,
                flowName,
                job.getId(),
                input.masked(),
                output.masked(),
                hazelcast.getCluster().getMembers().size(),
                workersPerProcess,
                job.getSubmissionTime(),
                guarantee,
                snapshotInterval,
                idempotencyKey,
                plan.outputRetention());
        store.jobs().set(id, record);
        lifecycle.started(record, job);
        job.getFuture().whenComplete((result, failure) -> store.recordEnd(id, System.currentTimeMillis()));
        return view(record);
    }

    /**
     * The guarantee a job gets: as asked, else exactly-once where the input can be read again after a
     * restart (http, or a {@link LogInputFn} builder) and none otherwise.
     */
    private static ProcessingGuarantee guarantee(String name, Endpoint input, boolean replayable) {
        if (name == null) {
            return replayable ? ProcessingGuarantee.EXACTLY_ONCE : ProcessingGuarantee.NONE;
        }
        ProcessingGuarantee asked = ProcessingGuarantee.named(name);
        if (!replayable && asked != ProcessingGuarantee.NONE) {
            throw new InvalidJobRequestException("the input builder '" + input.name() + "' cannot be read again after "
                    + "a restart, so a job reading it cannot be " + asked
                    + "; ask for \"processingGuarantee\": \"none\"");
        }
        return asked;
    }

    /** Whether a job's input can be read again after a restart: http, or a {@link LogInputFn} builder. */
    private boolean replayable(Endpoint input) {
        return input.isHttp() || input.isKafka() || inputBuilders.get(input.name()) instanceof LogInputFn<?>;
    }

    private long snapshotIntervalMillis(Long asked, ProcessingGuarantee guarantee) {
        if (guarantee == ProcessingGuarantee.NONE) {
            if (asked != null) {
                throw new InvalidJobRequestException("snapshotIntervalMillis needs a processing guarantee; a job with "
                        + "\"processingGuarantee\": \"none\" takes no snapshots");
            }
            return 0;
        }
        if (asked == null) {
            return Math.max(
                    MIN_SNAPSHOT_INTERVAL_MILLIS,
                    properties.jobs().snapshotInterval().toMillis());
        }
        if (asked < MIN_SNAPSHOT_INTERVAL_MILLIS || asked > MAX_SNAPSHOT_INTERVAL_MILLIS) {
            throw new InvalidJobRequestException("snapshotIntervalMillis must be between "
                    + MIN_SNAPSHOT_INTERVAL_MILLIS + " and " + MAX_SNAPSHOT_INTERVAL_MILLIS + ", got " + asked);
        }
        return asked;
    }

    JobView get(String id) {
        return view(record(id));
    }

    /** What a job has done, read from every member's workers now. */
    JobProgress progress(String id) {
        JobRecord record = record(id);
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
        if (isFinished(record)) {
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
        if (job != null && !job.getStatus().isTerminal()) {
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
        return isFinished(record(id));
    }

    private boolean isFinished(JobRecord record) {
        Job job = hazelcast.getJet().getJob(record.jetJobId());
        return job == null || job.getStatus().isTerminal();
    }

    JobRecord recordOf(String id) {
        return record(id);
    }

    JobStore store() {
        return store;
    }

    JobView view(JobRecord record) {
        return view(record, hazelcast.getJet().getJob(record.jetJobId()));
    }

    /** A job as shown, its Jet job already looked up ({@code null} when the cluster no longer knows it). */
    JobView view(JobRecord record, Job job) {
        return viewReader.view(record, job);
    }
}
