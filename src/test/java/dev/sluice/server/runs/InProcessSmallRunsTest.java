package dev.sluice.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.hazelcast.cluster.Cluster;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.execution.jet.MemberMetrics;
import dev.sluice.execution.metrics.MetricsTag;
import dev.sluice.execution.metrics.StepCount;
import dev.sluice.server.cluster.ClusterUnavailableException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which runs {@link InProcessSmallRuns} keeps, with how many workers, and what it counts. */
class InProcessSmallRunsTest {

    /** Counts per worker: a key comes once from each worker that held some of it. */
    private static final Dataflow<String, ?> COUNT_PER_WORKER = Dataflow.input(String.class)
            .mapToKeyValue(word -> KeyValue.of(word, 1))
            .reduceEpochLocal(Integer::sum)
            .capture();

    /** The executor behind: records the runs it was given and answers each with one marker pair. */
    private static final class ClusterExecutor implements FlowExecutor {
        final List<Integer> runSizes = new ArrayList<>();

        @Override
        public MetricsTag run(
                Dataflow<?, ?> flow,
                List<EpochItem<Object>> input,
                int workersPerProcess,
                Consumer<EpochItem<Object>> output,
                MetricsTag tag) {
            runSizes.add(input.size());
            output.accept(EpochItem.of(0, "from the cluster"));
            return tag;
        }
    }

    private final ClusterExecutor cluster = new ClusterExecutor();

    private static HazelcastInstance memberOf(int dataMembers, int liteMembers) {
        Set<Member> members = new LinkedHashSet<>();
        for (int i = 0; i < dataMembers + liteMembers; i++) {
            Member member = mock(Member.class);
            when(member.isLiteMember()).thenReturn(i >= dataMembers);
            members.add(member);
        }
        Cluster cluster = mock(Cluster.class);
        when(cluster.getMembers()).thenReturn(members);
        HazelcastInstance hazelcast = mock(HazelcastInstance.class);
        when(hazelcast.getCluster()).thenReturn(cluster);
        when(hazelcast.getUserContext()).thenReturn(new ConcurrentHashMap<>());
        return hazelcast;
    }

    private static List<EpochItem<Object>> words(int count) {
        return new ArrayList<>(Collections.nCopies(count, EpochItem.of(0, "a")));
    }

    private static List<EpochItem<Object>> run(FlowExecutor executor, List<EpochItem<Object>> input, MetricsTag tag) {
        List<EpochItem<Object>> output = new ArrayList<>();
        executor.run(COUNT_PER_WORKER, input, 2, output::add, tag);
        return output;
    }

    @Test
    void aRunOfAtMostTheLimitRunsHereWithAsManyWorkersAsTheDataMembersHave() {
        // 3 data members and a lite member (Jet runs nothing on it), 2 workers each: 6 workers
        InProcessSmallRuns executor = new InProcessSmallRuns(cluster, memberOf(3, 1), 12);

        List<EpochItem<Object>> output = run(executor, words(12), null);

        assertThat(output).hasSize(6).allSatisfy(pair -> assertThat(pair.item()).isEqualTo(KeyValue.of("a", 2)));
        assertThat(cluster.runSizes).isEmpty();
    }

    @Test
    void aLargerRunGoesToTheCluster() {
        InProcessSmallRuns executor = new InProcessSmallRuns(cluster, memberOf(1, 0), 12);

        assertThat(run(executor, words(13), null)).containsExactly(EpochItem.of(0, "from the cluster"));
        assertThat(cluster.runSizes).containsExactly(13);
    }

    @Test
    void aLimitOfZeroSendsEveryRunToTheClusterEvenAnEmptyOne() {
        InProcessSmallRuns executor = new InProcessSmallRuns(cluster, memberOf(1, 0), 0);

        run(executor, words(0), null);
        run(executor, words(1), null);

        assertThat(cluster.runSizes).containsExactly(0, 1);
    }

    @Test
    void aStreamedSmallRunHandsItsOutputOnAsOneBatch() {
        InProcessSmallRuns executor = new InProcessSmallRuns(cluster, memberOf(2, 0), 100);
        List<List<EpochItem<Object>>> batches = new ArrayList<>();

        executor.stream(COUNT_PER_WORKER, words(8), 2, batches::add, null);

        assertThat(batches).hasSize(1);
        assertThat(batches.get(0))
                .hasSize(4)
                .allSatisfy(pair -> assertThat(pair.item()).isEqualTo(KeyValue.of("a", 2)));
        assertThat(cluster.runSizes).isEmpty();
    }

    @Test
    void aMemberThatHasLeftItsClusterAnswersAsALightJobWouldClusterUnavailable() {
        HazelcastInstance gone = mock(HazelcastInstance.class);
        Cluster cluster = mock(Cluster.class);
        when(gone.getCluster()).thenReturn(cluster);
        when(cluster.getMembers()).thenThrow(new HazelcastInstanceNotActiveException());
        InProcessSmallRuns executor = new InProcessSmallRuns(this.cluster, gone, 100);

        assertThatThrownBy(() -> run(executor, words(1), null))
                .isInstanceOf(ClusterUnavailableException.class)
                .hasMessageContaining("not part of a running cluster");
    }

    @Test
    void aTaggedSmallRunIsCountedInThisMembersFiguresAsItsLightJobWouldBe() {
        HazelcastInstance member = memberOf(2, 0);
        InProcessSmallRuns executor = new InProcessSmallRuns(cluster, member, 100);
        MetricsTag tag = MetricsTag.finiteRun("words");

        List<EpochItem<Object>> output = run(executor, words(8), tag);

        List<StepCount> counts = MemberMetrics.of(member).run(tag.run());
        assertThat(counts).extracting(StepCount::itemsIn).containsExactly(8L, 8L, (long) output.size());
    }
}
