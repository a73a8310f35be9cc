package dev.sluice.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.jet.JetException;
import com.hazelcast.jet.core.TopologyChangedException;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.server.cluster.ClusterUnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The retry of a finite run that lost a member, with the failures injected: what Jet 5.5 raises when a
 * member a light job runs on leaves (a {@code JetException} "Execution on a member failed" around a
 * {@link TopologyChangedException} or {@link MemberLeftException}), what a step raises, and what a
 * member that is itself leaving raises.
 */
class JetFlowExecutorRetryTest {

    private static final Dataflow<String, ?> FLOW = Dataflow.input(String.class).capture();
    private static final List<EpochItem<Object>> INPUT = List.of(EpochItem.of(0, "a"), EpochItem.of(1, "b"));

    /** Attempts that each fail or return in turn, counting how often they ran. */
    private static final class Attempts implements JetFlowExecutor.Attempt {
        final Deque<Object> outcomes = new ArrayDeque<>();
        final AtomicInteger runs = new AtomicInteger();

        Attempts then(Object outcome) {
            outcomes.add(outcome);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<EpochItem<Object>> run(Dataflow<?, ?> flow, List<EpochItem<Object>> input, int workersPerProcess) {
            runs.incrementAndGet();
            assertThat(input).isEqualTo(INPUT); // every attempt runs the whole input
            Object outcome = outcomes.removeFirst();
            if (outcome instanceof RuntimeException failure) {
                throw failure;
            }
            return (List<EpochItem<Object>>) outcome;
        }
    }

    private final AtomicBoolean memberRunning = new AtomicBoolean(true);

    private JetFlowExecutor executor(Attempts attempts) {
        return new JetFlowExecutor(attempts, memberRunning::get, () -> Set.of("a member"), Duration.ZERO);
    }

    private static List<EpochItem<Object>> run(JetFlowExecutor executor) {
        List<EpochItem<Object>> output = new ArrayList<>();
        executor.run(FLOW, INPUT, 2, output::add);
        return output;
    }

    private static RuntimeException memberLeft() {
        return new JetException(
                "Execution on a member failed: MemberLeftException",
                new MemberLeftException("Member [127.0.0.1]:5702 has left cluster!"));
    }

    private static RuntimeException topologyChanged() {
        // what a light job's coordinator reports when a participant shut down
        return new JetException(
                "Execution on a member failed: TopologyChangedException",
                new TopologyChangedException("Member left the cluster"));
    }

    private static RuntimeException stepFailure() {
        IllegalStateException thrown = new IllegalStateException("boom");
        thrown.addSuppressed(new StepFailure(0, "map", thrown));
        return thrown;
    }

    @Test
    void aRunThatLostAMemberIsRetriedOnceAndAnswersWithTheRetrysOutputOnly() {
        List<EpochItem<Object>> retried = List.of(EpochItem.of(0, "a"), EpochItem.of(1, "b"));
        Attempts attempts = new Attempts().then(memberLeft()).then(retried);

        assertThat(run(executor(attempts))).containsExactlyElementsOf(retried);
        assertThat(attempts.runs).hasValue(2);
    }

    @Test
    void aTopologyChangeWrappedInJetExceptionIsRetriedToo() {
        Attempts attempts = new Attempts().then(topologyChanged()).then(List.of(EpochItem.of(3, "x")));

        assertThat(run(executor(attempts))).containsExactly(EpochItem.of(3, "x"));
        assertThat(attempts.runs).hasValue(2);
    }

    /** Seen when a member shut down while items were on their way to it. */
    @Test
    void aConnectionToALeavingMemberThatFailedIsRetriedToo() {
        Attempts attempts = new Attempts()
                .then(new JetException(
                        "Execution on a member failed",
                        new com.hazelcast.jet.RestartableException(
                                "Connection write failed in SenderTasklet{ordinal=0, sourceVertexName='input'}")))
                .then(List.of(EpochItem.of(0, "a")));

        assertThat(run(executor(attempts))).containsExactly(EpochItem.of(0, "a"));
        assertThat(attempts.runs).hasValue(2);
    }

    @Test
    void aParticipantThatShutDownMidRunIsAClusterChangeWhileThisMemberRuns() {
        Attempts attempts = new Attempts()
                .then(new JetException("Execution on a member failed", new HazelcastInstanceNotActiveException()))
                .then(List.of(EpochItem.of(0, "a")));

        assertThat(run(executor(attempts))).containsExactly(EpochItem.of(0, "a"));
        assertThat(attempts.runs).hasValue(2);
    }

    @Test
    void aRetryThatLosesAMemberTooIsAClusterChangedProblem() {
        Attempts attempts = new Attempts().then(memberLeft()).then(topologyChanged());

        assertThatThrownBy(() -> run(executor(attempts)))
                .isInstanceOf(ClusterChangedException.class)
                .hasMessageContaining("the cluster changed during the run")
                .hasMessageContaining("MemberLeftException")
                .hasMessageContaining("TopologyChangedException")
                .hasCauseInstanceOf(JetException.class);
        assertThat(attempts.runs).hasValue(2);
    }

    @Test
    void aStepFailureIsNeverRetried() {
        RuntimeException step = stepFailure();
        Attempts attempts = new Attempts().then(step).then(List.of());

        assertThatThrownBy(() -> run(executor(attempts))).isSameAs(step);
        assertThat(attempts.runs).hasValue(1);
    }

    @Test
    void aStepFailureOfTheRetryIsReportedAsTheStepFailure() {
        RuntimeException step = stepFailure();
        Attempts attempts = new Attempts().then(memberLeft()).then(step);

        assertThatThrownBy(() -> run(executor(attempts))).isSameAs(step);
        assertThat(attempts.runs).hasValue(2);
    }

    @Test
    void aStepFailureWhoseCauseMentionsAMemberLeavingIsStillTheFlowsFailure() {
        IllegalStateException thrown = new IllegalStateException("lookup failed", new MemberLeftException("gone"));
        thrown.addSuppressed(new StepFailure(1, "map", thrown));
        Attempts attempts = new Attempts().then(thrown);

        assertThatThrownBy(() -> run(executor(attempts))).isSameAs(thrown);
        assertThat(attempts.runs).hasValue(1);
    }

    @Test
    void aCancelledRunIsNotRetried() {
        CancellationException cancelled = new CancellationException("interrupted");
        Attempts attempts = new Attempts().then(cancelled);

        assertThatThrownBy(() -> run(executor(attempts))).isSameAs(cancelled);
        assertThat(attempts.runs).hasValue(1);
    }

    @Test
    void aMemberThatIsItselfLeavingAnswersNoClusterWithoutRetrying() {
        memberRunning.set(false);
        Attempts attempts = new Attempts().then(new HazelcastInstanceNotActiveException());

        assertThatThrownBy(() -> run(executor(attempts)))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("not part of a running cluster");
        assertThat(attempts.runs).hasValue(1);
    }

    @Test
    void anotherFailureIsRethrownAsItIs() {
        IllegalArgumentException other = new IllegalArgumentException("bad");
        Attempts attempts = new Attempts().then(other);

        assertThatThrownBy(() -> run(executor(attempts))).isSameAs(other);
        assertThat(attempts.runs).hasValue(1);
    }

    @Test
    void theRetryWaitsForTheMembershipToShowTheChange() {
        AtomicInteger looks = new AtomicInteger();
        Attempts attempts = new Attempts().then(memberLeft()).then(List.of(EpochItem.of(0, "a")));
        // the first attempt starts with two members; the third look shows one left
        JetFlowExecutor executor = new JetFlowExecutor(
                attempts,
                () -> true,
                () -> looks.incrementAndGet() < 3 ? Set.of("one", "two") : Set.of("one"),
                Duration.ofMinutes(5));

        assertThat(run(executor)).containsExactly(EpochItem.of(0, "a"));
        assertThat(looks).hasValue(3);
    }
}
