package dev.sluice.server.jobs;

import static dev.sluice.dataflow.EpochItem.of;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.server.ServiceTestSupport;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A job's http output log: commits appended once each, at stable offsets. */
class JobOutputLogTest {

    private static HazelcastInstance member;

    @BeforeAll
    static void startMember() {
        member = SluiceMembers.start(ClusterSettings.defaults()
                .withClusterName("output-test-" + UUID.randomUUID())
                .withPort(ServiceTestSupport.freePort()));
    }

    @AfterAll
    static void stopMember() {
        member.shutdown();
    }

    @Test
    void aCommitHandedOverAgainIsSkippedAndOffsetsStay() {
        JobStore store = new JobStore(member);
        String job = "job-" + UUID.randomUUID();

        assertThat(store.commitOutput(job, 0, 1, List.of(of(0, "a"), of(0, "b"))))
                .isTrue();
        assertThat(store.commitOutput(job, 1, 1, List.of(of(0, "c")))).isTrue();
        assertThat(store.commitOutput(job, 0, 1, List.of(of(0, "a"), of(0, "b"))))
                .as("again, after a restart")
                .isFalse();
        assertThat(store.commitOutput(job, 1, 0, List.of(of(0, "old"))))
                .as("older than its last")
                .isFalse();
        assertThat(store.commitOutput(job, 0, 2, List.of(of(1, "d")))).isTrue();
        store.appendOutput(job, List.of(of(2, "no guarantee")));

        assertThat(store.outputCount(job)).isEqualTo(5);
        assertThat(store.output(job, 0, 5))
                .containsExactly(of(0, "a"), of(0, "b"), of(0, "c"), of(1, "d"), of(2, "no guarantee"));
    }
}
