package dev.sluice.server.jobs;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.jobs.JobExceptions.InputConflictException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job's http input as stored and as each worker reads it. */
class HttpJobInputTest {

    private static HazelcastInstance member;
    private static String clusterName;

    @BeforeAll
    static void startMember() {
        clusterName = "input-test-" + UUID.randomUUID();
        member = SluiceMembers.start(ClusterSettings.defaults().withClusterName(clusterName)
                .withPort(ServiceTestSupport.freePort()));
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    @Test
    void eachWorkerReadsItsShareAndFollowsTheStreamsEpochs() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(0, "a"), of(0, "b"), of(1, "c")));
        store.appendInput(job, List.of(of(1, "d"), of(4, "e")));
        store.closeInput(job);

        List<EpochItem<Object>> worker0 = read(new HttpJobInput(clusterName, job), 0, 2);
        List<EpochItem<Object>> worker1 = read(new HttpJobInput(clusterName, job), 1, 2);

        assertThat(worker0).containsExactly(of(0, "a"), of(1, "c"), of(4, "e"));
        assertThat(worker1.stream().map(p -> p.isAdvance() ? "advance " + p.epoch() : p.toString()))
                .containsExactly("advance 0", "(0, b)", "advance 1", "(1, d)", "advance 4");
    }

    @Test
    void aBodyThatGoesBackIsRefusedWhole() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();
        store.appendInput(job, List.of(of(3, "a")));

        assertThatThrownBy(() -> store.appendInput(job, List.of(of(2, "b"), of(5, "c"))))
                .isInstanceOf(InputConflictException.class)
                .hasMessageContaining("epoch 2 is below epoch 3");
        assertThat(store.inputLog(job).items()).isEqualTo(1);
        store.closeInput(job);
        assertThatThrownBy(() -> store.appendInput(job, List.of(of(9, "z")))).hasMessageContaining("closed");
    }

    private static List<EpochItem<Object>> read(HttpJobInput input, int worker, int workers) {
        List<EpochItem<Object>> read = new ArrayList<>();
        Iterator<EpochItem<Object>> it = input.build(worker, workers).iterator();
        while (it.hasNext()) {
            read.add(it.next());
        }
        return read;
    }
}
