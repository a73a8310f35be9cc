package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import dev.sluice.execution.metrics.InputProgress;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.execution.metrics.StepMetrics;
import dev.sluice.failure.Throwables;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A run's figures from every member, now: each member's {@link MemberMetrics} is read on that member
 * (a task on the executor {@value #EXECUTOR}), so the answer is as current as the workers' counters,
 * not as old as Jet's metrics collection (every five seconds by default).
 */
public final class ClusterMetrics {

    /** The executor whose tasks read each member's registry. */
    public static final String EXECUTOR = "sluice.metrics";

    private ClusterMetrics() {}

    /**
     * What one member's workers of a run have done.
     *
     * @param member the member's address
     * @param steps its figures per step, in step order
     * @param inputs where its input workers are
     */
    public record MemberReport(String member, List<StepCount> steps, List<InputProgress> inputs)
            implements Serializable {}

    /**
     * Asks every member for its figures of {@code run}.
     *
     * @throws IllegalStateException when a member does not answer within {@code timeout}
     */
    public static List<MemberReport> ofRun(HazelcastInstance hazelcast, String run, Duration timeout) {
        Objects.requireNonNull(run, "run must not be null");
        IExecutorService executor = hazelcast.getExecutorService(EXECUTOR);
        Map<Member, Future<MemberReport>> futures = executor.submitToAllMembers(new RunQuery(run));
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MemberReport> reports = new ArrayList<>(futures.size());
        for (Map.Entry<Member, Future<MemberReport>> answer : futures.entrySet()) {
            try {
                reports.add(answer.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                throw Throwables.interrupted("interrupted while asking the members for the figures of " + run, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "member " + answer.getKey().getAddress() + " did not report the figures of " + run + ": " + e,
                        e);
            }
        }
        return reports;
    }

    /** The figures of every member added up, in step order. */
    public static List<StepCount> steps(List<MemberReport> reports) {
        return StepCount.sum(reports.stream().map(MemberReport::steps).toList());
    }

    /** Reads one run's figures from the registry of the member it runs on. */
    private static final class RunQuery implements Callable<MemberReport>, HazelcastInstanceAware, Serializable {
        private final String run;
        private transient HazelcastInstance member;

        RunQuery(String run) {
            this.run = run;
        }

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.member = hazelcastInstance;
        }

        @Override
        public MemberReport call() {
            StepMetrics metrics = MemberMetrics.of(member);
            return new MemberReport(
                    member.getCluster().getLocalMember().getAddress().toString(),
                    metrics.run(run),
                    metrics.inputs(run));
        }
    }
}
