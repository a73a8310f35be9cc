package dev.sluice.server.runs;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.jet.RestartableException;
import com.hazelcast.jet.core.TopologyChangedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.execution.jet.ClusterMetrics;
import dev.sluice.execution.jet.FiniteRun;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.failure.Throwables;
import dev.sluice.server.cluster.ClusterUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finite runs as Jet light jobs on the embedded member's cluster: the input split round-robin over
 * every worker of every member, the captured pairs gathered back on this member.
 *
 * <h2>A member lost mid-run</h2>
 * A light job is not fault tolerant: when a member it runs on leaves (killed, or shutting down), Jet
 * fails it with a {@link TopologyChangedException} or {@link MemberLeftException} (inside a
 * {@code JetException}), or, when the member goes while items are on their way to it, with another
 * {@link RestartableException} (a connection write failed): what Jet would restart a normal job on. Such a run is retried once, on the members there are then, from its whole
 * input and with fresh output: an attempt's captured pairs are collected apart from any other
 * attempt's (a list of its own, see {@link FiniteRun}) and handed on only when it succeeds, so
 * nothing of the failed attempt reaches the answer. If the retry loses a member too, the run ends with a
 * {@link ClusterChangedException} ({@code 503}). A run that fails because of the flow (a step threw)
 * is never retried; nor is one of a member that is itself leaving ({@code 503}, no cluster).
 */
class JetFlowExecutor implements FlowExecutor {

    /** How long a retry waits for the membership to show the change that failed the first attempt. */
    static final Duration MEMBERSHIP_WAIT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(JetFlowExecutor.class);

    /** How long the members have to report a run's figures. */
    static final Duration REPORT_TIMEOUT = Duration.ofSeconds(10);

    /** One attempt of a run: every captured pair, or the failure as the run threw it. */
    @FunctionalInterface
    interface Attempt {
        List<EpochItem<Object>> run(Dataflow<?, ?> flow, List<EpochItem<Object>> input, int workersPerProcess);

        /** The same, the workers counting under {@code tag} ({@code null}: nowhere). */
        default List<EpochItem<Object>> run(
                Dataflow<?, ?> flow, List<EpochItem<Object>> input, int workersPerProcess, MetricsTag tag) {
            return run(flow, input, workersPerProcess);
        }

        /** The same, handing the captured pairs to {@code batches} as they come (here: all at the end). */
        default void stream(
                Dataflow<?, ?> flow,
                List<EpochItem<Object>> input,
                int workersPerProcess,
                MetricsTag tag,
                Consumer<List<EpochItem<Object>>> batches) {
            List<EpochItem<Object>> captured = run(flow, input, workersPerProcess, tag);
            if (!captured.isEmpty()) {
                batches.accept(captured);
            }
        }
    }

    private final Attempt attempt;
    private final HazelcastInstance hazelcast;
    private final BooleanSupplier memberRunning;
    private final Supplier<Set<?>> members;
    private final Duration membershipWait;

    JetFlowExecutor(HazelcastInstance hazelcast) {
        this(
                onCluster(hazelcast),
                hazelcast,
                () -> hazelcast.getLifecycleService().isRunning(),
                () -> hazelcast.getCluster().getMembers().stream()
                        .map(Member::getUuid)
                        .collect(Collectors.toSet()),
                MEMBERSHIP_WAIT);
    }

    JetFlowExecutor(Attempt attempt, BooleanSupplier memberRunning, Supplier<Set<?>> members, Duration membershipWait) {
        this(attempt, null, memberRunning, members, membershipWait);
    }

    /**
     * @param attempt runs the flow once
     * @param hazelcast the member to ask for a run's figures ({@code null}: none are asked)
     * @param memberRunning whether this member is still running
     * @param members the cluster's members now (any value that changes when they change)
     * @param membershipWait how long a retry waits for the membership to change
     */
    JetFlowExecutor(
            Attempt attempt,
            HazelcastInstance hazelcast,
            BooleanSupplier memberRunning,
            Supplier<Set<?>> members,
            Duration membershipWait) {
        this.attempt = Objects.requireNonNull(attempt);
        this.hazelcast = hazelcast;
        this.memberRunning = Objects.requireNonNull(memberRunning);
        this.members = Objects.requireNonNull(members);
        this.membershipWait = Objects.requireNonNull(membershipWait);
    }

    /** An attempt as a Jet light job on the cluster of {@code hazelcast}, a member. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Attempt onCluster(HazelcastInstance hazelcast) {
        return new Attempt() {
            @Override
            public List<EpochItem<Object>> run(
                    Dataflow<?, ?> flow, List<EpochItem<Object>> input, int workersPerProcess) {
                return run(flow, input, workersPerProcess, null);
            }

            @Override
            public List<EpochItem<Object>> run(
                    Dataflow<?, ?> flow, List<EpochItem<Object>> input, int workersPerProcess, MetricsTag tag) {
                return FiniteRun.onMember(hazelcast, (Dataflow) flow, input, workersPerProcess, tag);
            }

            @Override
            public void stream(
                    Dataflow<?, ?> flow,
                    List<EpochItem<Object>> input,
                    int workersPerProcess,
                    MetricsTag tag,
                    Consumer<List<EpochItem<Object>>> batches) {
                FiniteRun.stream(hazelcast, (Dataflow) flow, input, workersPerProcess, tag, batches);
            }
        };
    }

    @Override
    public List<StepCount> stepCounts(MetricsTag run) {
        if (run == null || hazelcast == null) {
            return List.of();
        }
        try {
            return ClusterMetrics.steps(ClusterMetrics.ofRun(hazelcast, run.run(), REPORT_TIMEOUT));
        } catch (IllegalStateException e) {
            throw new ClusterUnavailableException(
                    "the run's figures could not be read (?stats=true): " + e.getMessage()
                            + "; run it again once the cluster is stable",
                    e);
        }
    }

    @Override
    public MetricsTag run(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<EpochItem<Object>> output,
            MetricsTag tag) {
        List<List<EpochItem<Object>>> captured = new ArrayList<>(1);
        MetricsTag counted = withOneRetry(
                tag, attemptTag -> captured.add(attempt.run(flow, input, workersPerProcess, attemptTag)), () -> true);
        captured.get(captured.size() - 1).forEach(output);
        return counted;
    }

    /**
     * Streams the run ({@link FiniteRun#stream}). A run that loses a member is retried only while none
     * of its output has been handed on; after that it ends with a {@link ClusterChangedException}.
     */
    @Override
    public MetricsTag stream(
            Dataflow<?, ?> flow,
            List<EpochItem<Object>> input,
            int workersPerProcess,
            Consumer<List<EpochItem<Object>>> batches,
            MetricsTag tag) {
        AtomicBoolean handedOn = new AtomicBoolean();
        return withOneRetry(
                tag,
                attemptTag -> attempt.stream(flow, input, workersPerProcess, attemptTag, batch -> {
                    handedOn.set(true);
                    batches.accept(batch);
                }),
                () -> !handedOn.get());
    }

    /**
     * Runs {@code once}, and once more when it failed because the cluster changed and {@code retriable}
     * says it may be run again; returns the tag of the attempt that succeeded.
     */
    private MetricsTag withOneRetry(MetricsTag tag, Consumer<MetricsTag> once, BooleanSupplier retriable) {
        Set<?> before = membersNow();
        try {
            once.accept(tag);
            return tag;
        } catch (Throwable first) {
            if (!isClusterChange(first)) {
                throw translate(first);
            }
            if (!retriable.getAsBoolean()) {
                throw new ClusterChangedException(
                        "the cluster changed during the run, after part of its output was sent: a member it ran on "
                                + "left (" + describe(first) + "); run it again once the cluster is stable",
                        first);
            }
            log.warn("A finite run lost a member ({}); retrying it once on the members left", describe(first));
            awaitMembershipChange(before);
            // the retry counts apart, so that what the failed attempt did is not in its figures
            MetricsTag counted = tag == null ? null : MetricsTag.finiteRun(tag.flow());
            try {
                once.accept(counted);
                return counted;
            } catch (Throwable second) {
                if (!isClusterChange(second)) {
                    throw translate(second);
                }
                throw new ClusterChangedException(
                        "the cluster changed during the run: a member it ran on left ("
                                + describe(first) + "), and again during its retry (" + describe(second)
                                + "); run it again once the cluster is stable",
                        second);
            }
        }
    }

    /**
     * Whether a run failed because a member it ran on left, while this member stays: not a step's
     * failure, not a cancellation, and a topology exception of Hazelcast somewhere in its causes.
     */
    boolean isClusterChange(Throwable failure) {
        if (failure instanceof CancellationException
                || StepFailure.of(failure).isPresent()
                || !memberRunning.getAsBoolean()) {
            return false;
        }
        // RestartableException: what Jet would restart a normal job on, e.g. a connection to a leaving member
        return Throwables.firstCause(
                        failure,
                        t -> StepFailure.of(t).isPresent()
                                || isMemberLoss(t)
                                || t instanceof TargetNotMemberException
                                || t instanceof HazelcastInstanceNotActiveException)
                .filter(t -> StepFailure.of(t).isEmpty())
                .isPresent();
    }

    private static boolean isMemberLoss(Throwable t) {
        return t instanceof TopologyChangedException
                || t instanceof RestartableException
                || t instanceof MemberLeftException;
    }

    /** A failure not retried, as the caller should see it. */
    private RuntimeException translate(Throwable failure) {
        if (!(failure instanceof CancellationException)
                && StepFailure.of(failure).isEmpty()
                && !memberRunning.getAsBoolean()) {
            return new ClusterUnavailableException(
                    "this member is not part of a running cluster: " + failure.getMessage(), failure);
        }
        throw Throwables.sneaky(failure);
    }

    /**
     * Waits until the members differ from {@code before} (the member that left is gone), for at most
     * the membership wait; a member shutting down stays a member while its partitions migrate, and a
     * retry that started on it would fail again.
     */
    private void awaitMembershipChange(Set<?> before) {
        long deadline = System.nanoTime() + membershipWait.toNanos();
        while (membersNow().equals(before) && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw Throwables.interrupted(
                        "the run was cancelled while waiting to retry it: the thread waiting for it was interrupted",
                        e);
            }
        }
    }

    /** The members now, or none when this member has left. */
    private Set<?> membersNow() {
        try {
            return members.get();
        } catch (HazelcastInstanceNotActiveException e) {
            return Set.of();
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = Throwables.firstCause(failure, JetFlowExecutor::isMemberLoss)
                .orElseGet(() -> Throwables.rootCause(failure));
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
