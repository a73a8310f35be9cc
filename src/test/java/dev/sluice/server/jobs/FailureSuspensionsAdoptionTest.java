package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.config.ProcessingGuarantee;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The member that started a job, and listened for its failures, may be the one lost: after a member
 * leaves, the master's {@link FailureSuspensions} watches every job still running and resumes one that
 * Jet then suspends for its class-loader race. Three real members on loopback, in this JVM; the job is
 * started on a member without a {@code FailureSuspensions}, as if that member had gone.
 */
class FailureSuspensionsAdoptionTest {

    /** What Jet 5.5 throws in the race (see {@code FailureSuspensionsTest}). */
    private static final String RACE =
            "JobClassLoaders for jobId=0a1b-2c3d-4e5f-0001 requested, but it does not exists";

    /** How many items may still fail as the race does. */
    static final AtomicInteger RACES_LEFT = new AtomicInteger();

    private final List<HazelcastInstance> members = new ArrayList<>();
    private FailureSuspensions suspensions;

    @AfterEach
    void stopEverything() {
        if (suspensions != null) {
            suspensions.stop();
        }
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void afterAMemberLeavesTheMasterResumesAJobItDidNotStart() {
        String clusterName = "adopt-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(3);
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        for (int port : ports) {
            Config config = SluiceMembers.config(ClusterSettings.defaults()
                    .withClusterName(clusterName)
                    .withPort(port)
                    .withMembers(addresses));
            members.add(Hazelcast.newHazelcastInstance(config));
        }
        HazelcastInstance master = members.get(0);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> master.getCluster().getMembers().size() == 3);
        assertThat(master.getCluster().getMembers().iterator().next().localMember())
                .isTrue();
        suspensions = new FailureSuspensions(master);
        suspensions.start();

        RACES_LEFT.set(0);
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.itemStream(50))
                .withoutTimestamps()
                .map(item -> {
                    if (RACES_LEFT.getAndUpdate(left -> Math.max(left - 1, 0)) > 0) {
                        throw new HazelcastException(RACE);
                    }
                    return item;
                })
                .writeTo(Sinks.noop());
        Job job = members.get(1)
                .getJet()
                .newJob(
                        pipeline,
                        new JobConfig()
                                .setName(DataLossMonitor.JOB_NAME_PREFIX + "adopted")
                                .setProcessingGuarantee(ProcessingGuarantee.EXACTLY_ONCE)
                                .setSnapshotIntervalMillis(100)
                                .setSuspendOnFailure(true));
        await().atMost(Duration.ofSeconds(60)).until(() -> job.getStatus() == JobStatus.RUNNING);
        assertThat(suspensions.watches(job.getId()))
                .as("nobody listens to it yet")
                .isFalse();

        members.get(2).getLifecycleService().terminate();
        await().atMost(Duration.ofSeconds(60)).until(() -> suspensions.watches(job.getId()));
        await().atMost(Duration.ofSeconds(60)).until(() -> job.getStatus() == JobStatus.RUNNING);

        // Jet suspends it for the failure, the master resumes it, and it runs again
        RACES_LEFT.set(1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> suspensions.resumesOf(job.getId()) == 1 && job.getStatus() == JobStatus.RUNNING);
        job.cancel();
    }
}
