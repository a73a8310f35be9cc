package dev.sluice.server.jobs;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.execution.jet.JetDataflow;
import dev.sluice.execution.log.LogInputFn;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.flows.FlowConsistency;
import dev.sluice.server.flows.FlowRegistry;
import dev.sluice.server.jobs.JobExceptions.IdempotencyKeyInUseException;
import dev.sluice.server.jobs.JobExceptions.IdempotencyKeyReusedException;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Starts jobs: a request checked and read into a plan (endpoints, workers, guarantee, snapshots)
 * before anything is reserved, then submitted as a normal Jet job within the cluster's job limit
 * ({@link JobAdmission}) and recorded; with an {@code Idempotency-Key} ({@link IdempotencyKeys}), once.
 */
@Component
final class JobStarter {

    static final long MIN_SNAPSHOT_INTERVAL_MILLIS = 100;
    static final long MAX_SNAPSHOT_INTERVAL_MILLIS = 3_600_000;

    private final HazelcastInstance hazelcast;
    private final JobStore store;
    private final JobViews views;
    private final FlowRegistry flows;
    private final FlowConsistency consistency;
    private final InputBuilders inputBuilders;
    private final Map<String, OutputBuilderFn> outputBuilders;
    private final SluiceProperties properties;
    private final JobLifecycleLog lifecycle;
    private final FailureSuspensions failures;
    private final JobAdmission admission;
    private final IdempotencyKeys keys;

    JobStarter(
            HazelcastInstance hazelcast,
            JobStore store,
            JobViews views,
            FlowRegistry flows,
            FlowConsistency consistency,
            InputBuilders inputBuilders,
            Map<String, OutputBuilderFn> outputBuilders,
            SluiceProperties properties,
            JobLifecycleLog lifecycle,
            FailureSuspensions failures) {
        this.hazelcast = hazelcast;
        this.store = store;
        this.views = views;
        this.flows = flows;
        this.consistency = consistency;
        this.inputBuilders = inputBuilders;
        this.outputBuilders = outputBuilders;
        this.properties = properties;
        this.lifecycle = lifecycle;
        this.failures = failures;
        this.admission = new JobAdmission(hazelcast, properties.jobs().maxRunning());
        this.keys = new IdempotencyKeys(hazelcast);
    }

    /**
     * A job started, or found again by its idempotency key.
     *
     * @param job the job
     * @param created whether this request started it ({@code 201}); false for a retry ({@code 200})
     */
    record Started(JobView job, boolean created) {}

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
        IdempotencyKeys.check(idempotencyKey);
        IdempotencyKeys.KeyUse use = new IdempotencyKeys.KeyUse(id, flowName + " " + request);
        IdempotencyKeys.KeyUse earlier = keys.reserve(idempotencyKey, use);
        if (earlier != null) {
            return new Started(views.view(keys.retried(idempotencyKey, earlier, use, store.jobs())), false);
        }
        try {
            return new Started(admission.admit(id, () -> submit(id, flowName, flow, plan, idempotencyKey)), true);
        } catch (RuntimeException e) {
            keys.release(idempotencyKey, use);
            throw e;
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
                .setProcessingGuarantee(guarantee.jet())
                // a job runs only on a majority of the most members it has run on (issue 16): a member cut
                // off from the others waits for them instead of running the job a second time beside them
                // (with its own snapshots, output and input positions), and so does the one left of three
                // after two are lost at once, which cannot tell the two apart
                .setSplitBrainProtection(true)
                // a failure keeps the job and its snapshot: FailureSuspensions resumes it after a fault of
                // Jet's own, and ends it as failed after any other
                .setSuspendOnFailure(guarantee != ProcessingGuarantee.NONE);
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
        if (guarantee != ProcessingGuarantee.NONE) {
            failures.watch(job);
        }
        job.getFuture().whenComplete((result, failure) -> store.recordEnd(id, System.currentTimeMillis()));
        return views.view(record);
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
}
