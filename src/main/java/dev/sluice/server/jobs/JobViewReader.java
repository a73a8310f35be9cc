package dev.sluice.server.jobs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.jet.Job;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.execution.jet.ClusterMetrics;
import dev.sluice.execution.jet.MemberMetrics;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.execution.metrics.StepMetrics;
import dev.sluice.failure.JobFailure;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * What a job's view shows, read for one job or for many at once: {@code GET /jobs} with hundreds of jobs
 * reads each cluster map once for all of them ({@code getAll}), not once per job, and Jet once per job
 * (its status). The lowest open epoch comes from Sluice's own counters on each member (one task per
 * member for every job asked about, {@link FrontierQuery}), not from Jet's job metrics, which cost
 * milliseconds a job to read and lag a second.
 *
 * <p>Reading is in two steps, so that a list filtered by status builds views only for what it shows:
 * {@link #statuses} (Jet's status and Sluice's markers), then {@link #views} for the jobs wanted. One
 * bean serves the views, the list and the meters, so that all of them show a job's status the same way.
 */
@Component
final class JobViewReader {

    /** How long the members have to report their jobs' frontiers; past it the view shows none. */
    static final Duration FRONTIER_TIMEOUT = Duration.ofSeconds(2);

    private final HazelcastInstance hazelcast;
    private final JobStore store;

    JobViewReader(HazelcastInstance hazelcast, JobStore store) {
        this.hazelcast = hazelcast;
        this.store = store;
    }

    /** Every Jet job the cluster knows, by ID: one look-up, rather than one per job. */
    Map<Long, Job> jetJobs() {
        Map<Long, Job> jetJobs = new HashMap<>();
        hazelcast.getJet().getJobs().forEach(job -> jetJobs.put(job.getId(), job));
        return jetJobs;
    }

    /** One job's view, its Jet job already looked up ({@code null} when the cluster no longer knows it). */
    JobView view(JobRecord record, Job job) {
        return views(List.of(status(record, job))).get(0);
    }

    /** Where one job stands now, as its view shows it ({@link JobStatus#of}, the data loss monitor's verdict). */
    Status status(JobRecord record) {
        return status(record, hazelcast.getJet().getJob(record.jetJobId()));
    }

    private Status status(JobRecord record, Job job) {
        Map<Long, Job> jetJobs = new HashMap<>();
        if (job != null) {
            jetJobs.put(record.jetJobId(), job);
        }
        return statuses(List.of(record), jetJobs).get(0);
    }

    /**
     * Where a job stands, as its view shows it.
     *
     * @param record the job
     * @param job its Jet job, or null
     * @param jet the Jet job's status, or null when the cluster no longer knows it
     * @param userCancelled whether Jet says a user cancelled it
     * @param lost why the service stopped it (data lost, a flow mismatch, a failure Jet suspended it
     *     for: {@link DataLossMonitor#FAILURES_MAP}), or null
     * @param status what the view says
     */
    record Status(
            JobRecord record,
            Job job,
            com.hazelcast.jet.core.JobStatus jet,
            boolean userCancelled,
            String lost,
            JobStatus status) {}

    /**
     * The statuses of {@code records}, in their order: one Jet call per job, and one read of each of
     * Sluice's marker maps for all of them.
     */
    List<Status> statuses(List<JobRecord> records, Map<Long, Job> jetJobs) {
        if (records.isEmpty()) {
            return List.of();
        }
        Set<String> ids = idsOf(records);
        Set<String> cancels =
                hazelcast.<String, Long>getMap(JobStore.CANCELS).getAll(ids).keySet();
        Set<String> suspends =
                hazelcast.<String, Long>getMap(JobStore.SUSPENDS).getAll(ids).keySet();
        Set<String> idle =
                hazelcast.<String, Object>getMap(IdleMarks.MAP).getAll(ids).keySet(); // idle: IdleSuspender
        List<JobRecord> ended = new ArrayList<>();
        Map<Long, com.hazelcast.jet.core.JobStatus> summaries = records.size() >= BATCHED_STATUSES
                ? JetJobStatuses.read(hazelcast).orElse(Map.of())
                : Map.of();
        Map<String, com.hazelcast.jet.core.JobStatus> jetStatuses = new HashMap<>();
        for (JobRecord record : records) {
            Job job = jetJobs.get(record.jetJobId());
            com.hazelcast.jet.core.JobStatus summarized = summaries.get(record.jetJobId());
            com.hazelcast.jet.core.JobStatus jet =
                    job == null ? null : summarized != null ? summarized : CoordinatorCalls.status(job);
            jetStatuses.put(record.id(), jet);
            if (jet == null || jet.isTerminal()) {
                ended.add(record);
            }
        }
        Map<String, String> lost = ended.isEmpty()
                ? Map.of()
                : hazelcast.<String, String>getMap(DataLossMonitor.FAILURES_MAP).getAll(idsOf(ended));
        List<Status> statuses = new ArrayList<>(records.size());
        for (JobRecord record : records) {
            Job job = jetJobs.get(record.jetJobId());
            com.hazelcast.jet.core.JobStatus jet = jetStatuses.get(record.id());
            boolean userCancelled =
                    jet == com.hazelcast.jet.core.JobStatus.FAILED && CoordinatorCalls.isUserCancelled(job);
            String lostWhy = lost.get(record.id());
            // a job the service stopped for a failure: it was cancelled, but it failed
            JobStatus status = lostWhy != null
                    ? JobStatus.FAILED
                    : JobStatus.of(
                            jet,
                            userCancelled,
                            cancels.contains(record.id()),
                            suspends.contains(record.id()),
                            idle.contains(record.id()));
            statuses.add(new Status(record, job, jet, userCancelled, lostWhy, status));
        }
        return statuses;
    }

    /** From this many jobs on, their Jet statuses are read in one call ({@link JetJobStatuses}). */
    static final int BATCHED_STATUSES = 8;

    /** The views of the jobs {@link #statuses} read, in the same order. */
    List<JobView> views(List<Status> statuses) {
        Set<String> httpInputs = new HashSet<>();
        Set<String> httpOutputs = new HashSet<>();
        List<String> running = new ArrayList<>();
        boolean anyRunning = false;
        for (Status status : statuses) {
            JobRecord record = status.record();
            if (record.input().isHttp()) {
                httpInputs.add(record.id());
            }
            if (record.output().isHttp()) {
                httpOutputs.add(record.id());
            }
            if (status.jet() == com.hazelcast.jet.core.JobStatus.RUNNING) {
                running.add(record.id());
            }
            anyRunning |= status.jet() != null && !status.jet().isTerminal();
        }
        Map<String, JobStore.InputLog> inputLogs = httpInputs.isEmpty()
                ? Map.of()
                : hazelcast
                        .<String, JobStore.InputLog>getMap(JobStore.INPUT_LOGS)
                        .getAll(httpInputs);
        Map<String, JobStore.OutputLog> outputLogs = httpOutputs.isEmpty()
                ? Map.of()
                : hazelcast
                        .<String, JobStore.OutputLog>getMap(JobStore.OUTPUT_LOGS)
                        .getAll(httpOutputs);
        Map<String, Long> frontiers = running.isEmpty() ? Map.of() : frontiers(running);
        // Jet restarts a running job on every member after the membership changes: while it runs it is
        // on the members there are now; once ended, show the members it started on
        int members = anyRunning ? hazelcast.getCluster().getMembers().size() : 0;
        List<JobView> views = new ArrayList<>(statuses.size());
        for (Status status : statuses) {
            views.add(view(status, inputLogs, outputLogs, frontiers, members));
        }
        return views;
    }

    private JobView view(
            Status status,
            Map<String, JobStore.InputLog> inputLogs,
            Map<String, JobStore.OutputLog> outputLogs,
            Map<String, Long> frontiers,
            int members) {
        JobRecord record = status.record();
        com.hazelcast.jet.core.JobStatus jet = status.jet();
        JobFailureView failure = null;
        Long completedAt = null;
        if (jet != null && jet.isTerminal()) {
            completedAt = store.endOrNow(record.id());
            if (jet == com.hazelcast.jet.core.JobStatus.FAILED && !status.userCancelled()) {
                JobFailure failed = failureOf(status.job());
                failure = failed == null ? null : JobFailureView.of(failed);
            }
        }
        if (status.lost() != null) {
            failure = JobFailureView.of(JobFailure.ofText(status.lost()));
            if (completedAt == null) {
                completedAt = store.endOrNow(record.id());
            }
        }
        JobStore.InputLog inputLog = null;
        if (record.input().isHttp()) {
            inputLog = inputLogs.getOrDefault(record.id(), JobStore.InputLog.EMPTY);
        }
        Long countOut = null;
        if (record.output().isHttp()) {
            JobStore.OutputLog outputLog = outputLogs.get(record.id());
            countOut = outputLog == null ? 0 : outputLog.next();
        }
        int processes = jet != null && !jet.isTerminal() ? members : record.processes();
        return new JobView(
                record.id(),
                record.flow(),
                status.status(),
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
                frontiers.get(record.id()),
                inputLog == null ? null : inputLog.closed(),
                record.processingGuarantee(),
                record.snapshotIntervalMillis(),
                record.idempotencyKey(),
                record.outputRetention());
    }

    private static Set<String> idsOf(Collection<JobRecord> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(record.id()));
        return ids;
    }

    /**
     * The lowest epoch still open at the keyed steps of each job, over every worker of every member:
     * output for the epochs below it has appeared. A job is left out before its workers report an
     * epoch, for a flow without keyed steps, and once its input has ended everywhere. A member that does
     * not answer within {@link #FRONTIER_TIMEOUT} is left out.
     */
    private Map<String, Long> frontiers(List<String> jobs) {
        Map<String, Long> lowest = new HashMap<>();
        try {
            Map<Member, Future<HashMap<String, Long>>> answers = hazelcast
                    .getExecutorService(ClusterMetrics.EXECUTOR)
                    .submitToAllMembers(new FrontierQuery(new ArrayList<>(jobs)));
            long deadline = System.nanoTime() + FRONTIER_TIMEOUT.toNanos();
            for (Future<HashMap<String, Long>> answer : answers.values()) {
                try {
                    answer.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                            .forEach((job, epoch) -> lowest.merge(job, epoch, Math::min));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Map.of();
                } catch (Exception e) {
                    // that member's workers are left out: the view shows what the others report
                }
            }
        } catch (RuntimeException e) {
            return Map.of(); // no cluster to ask: no frontier to show
        }
        lowest.values().removeIf(epoch -> epoch > EpochItem.MAX_EPOCH);
        return lowest;
    }

    /**
     * Reads the frontiers of jobs from the counters of the member it runs on ({@link StepMetrics}: the
     * frontier each worker's keyed steps are at now).
     */
    static final class FrontierQuery implements Callable<HashMap<String, Long>>, HazelcastInstanceAware, Serializable {
        private final ArrayList<String> jobs;
        private transient HazelcastInstance member;

        FrontierQuery(ArrayList<String> jobs) {
            this.jobs = jobs;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.member = hazelcastInstance;
        }

        @Override
        public HashMap<String, Long> call() {
            StepMetrics metrics = MemberMetrics.of(member);
            HashMap<String, Long> lowest = new HashMap<>();
            for (String job : jobs) {
                long epoch = lowestOpenEpoch(metrics.run(job));
                if (epoch != StepCount.UNKNOWN) {
                    lowest.put(job, epoch);
                }
            }
            return lowest;
        }
    }

    /** The lowest frontier the keyed steps report, or {@link StepCount#UNKNOWN} when none does. */
    static long lowestOpenEpoch(List<StepCount> steps) {
        long lowest = StepCount.UNKNOWN;
        for (StepCount step : steps) {
            if (step.keyed() && step.lowestOpenEpoch() != StepCount.UNKNOWN) {
                lowest =
                        lowest == StepCount.UNKNOWN ? step.lowestOpenEpoch() : Math.min(lowest, step.lowestOpenEpoch());
            }
        }
        return lowest;
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
}
