package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Job;
import com.hazelcast.jet.config.JobConfig;
import com.hazelcast.jet.core.JobStatus;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sinks;
import com.hazelcast.jet.pipeline.test.TestSources;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.PartitionLostEvent;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.cluster.SluiceMembers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lost data fails the jobs it belongs to, on the record: two real members on loopback whose job data
 * has no backups; one is terminated (as a killed process would be), and the running Sluice job is
 * cancelled with its reason in {@code sluice.job-failures}, and so is a job of {@code sluice.jobs} whose Jet
 * job is gone, while a Jet job that is not Sluice's runs on.
 */
class DataLossMonitorTest {

    private final List<HazelcastInstance> members = new ArrayList<>();
    private final List<DataLossMonitor> monitors = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        monitors.forEach(DataLossMonitor::stop);
        members.forEach(member -> member.getLifecycleService().terminate());
    }

    @Test
    void partitionsLostBeyondTheBackupsCancelEveryRunningSluiceJobAndRecordWhy() {
        String clusterName = "loss-" + UUID.randomUUID();
        List<Integer> ports = LocalCluster.freeLoopbackPorts(2);
        List<String> addresses = ports.stream().map(port -> "127.0.0.1:" + port).toList();
        for (int port : ports) {
            ClusterSettings settings = ClusterSettings.defaults()
                    .withClusterName(clusterName)
                    .withPort(port)
                    .withMembers(addresses)
                    .withBackupCount(0);
            Config config = SluiceMembers.config(settings);
            // Jet's own job records keep a backup, so that the job outlives its member and the monitor
            // is what ends it; the job data (every other map) has none
            config.getJetConfig().setBackupCount(1);
            HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
            members.add(member);
            DataLossMonitor monitor = new DataLossMonitor(member, 0);
            monitor.start();
            monitors.add(monitor);
        }
        HazelcastInstance survivor = members.get(0);
        HazelcastInstance victim = members.get(1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> survivor.getCluster().getMembers().size() == 2);
        IMap<Integer, Integer> data = survivor.getMap("sluice.job-output-pairs");
        for (int i = 0; i < 1000; i++) {
            data.put(i, i);
        }

        // a job known to the service whose Jet job is gone (as if its record had been lost); its own
        // record is on the member that stays
        String vanished = null;
        for (int i = 0; vanished == null; i++) {
            if (survivor.getPartitionService()
                    .getPartition("vanished-" + i)
                    .getOwner()
                    .localMember()) {
                vanished = "vanished-" + i;
            }
        }
        survivor.getMap(JobStore.JOBS).put(vanished, "a job record");
        Job sluiceJob = survivor.getJet().newJob(endless(), new JobConfig().setName("sluice-job-lost1"));
        Job otherJob = survivor.getJet().newJob(endless(), new JobConfig().setName("not-sluice"));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> sluiceJob.getStatus() == JobStatus.RUNNING && otherJob.getStatus() == JobStatus.RUNNING);

        victim.getLifecycleService().terminate();

        IMap<String, String> failures = survivor.getMap(DataLossMonitor.FAILURES_MAP);
        await().atMost(Duration.ofSeconds(60)).until(() -> failures.containsKey("lost1"));
        assertThat(failures.get("lost1"))
                .startsWith("data lost: ")
                .contains("partition")
                .contains("the job's input, state or output may be incomplete")
                .doesNotContain("\n");
        await().atMost(Duration.ofSeconds(60)).until(() -> sluiceJob.getStatus().isTerminal());
        assertThat(sluiceJob.getStatus()).isIn(JobStatus.FAILED); // Jet reports a cancelled job as FAILED
        assertThat(failures.containsKey("not-sluice")).isFalse();
        String gone = vanished;
        await().atMost(Duration.ofSeconds(60)).until(() -> failures.containsKey(gone));
        assertThat(failures.get(gone)).startsWith("data lost: ");
        assertThat(otherJob.getStatus()).isNotIn(JobStatus.FAILED, JobStatus.COMPLETED);
        assertThat(data.size()).as("entries left of 1000 without backups").isLessThan(1000);
    }

    @Test
    void dataIsLostWhenTheOwnerAndAtLeastAsManyBackupsAsConfiguredAreGone() {
        DataLossMonitor twoBackups = new DataLossMonitor(null, 2);
        assertThat(twoBackups.losesData(event(0, false)))
                .as("owner lost, a backup promoted")
                .isFalse();
        assertThat(twoBackups.losesData(event(1, false)))
                .as("owner and first backup lost")
                .isFalse();
        assertThat(twoBackups.losesData(event(2, false)))
                .as("owner and both backups lost")
                .isTrue();
        assertThat(twoBackups.losesData(event(1, true)))
                .as("every replica lost")
                .isTrue();
        DataLossMonitor noBackups = new DataLossMonitor(null, 0);
        assertThat(noBackups.losesData(event(0, false)))
                .as("the only copy lost")
                .isTrue();
    }

    @Test
    void theReasonIsOneLineNamingThePartitions() {
        assertThat(DataLossMonitor.reason(List.of(17)))
                .isEqualTo(
                        "data lost: partition 17 lost when more members "
                                + "left at once than the cluster keeps backups for; the job's input, state or output may be incomplete");
        assertThat(DataLossMonitor.reason(List.of(3, 17, 40))).startsWith("data lost: 3 partitions (3, 17, …) lost");
    }

    private static Pipeline endless() {
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(TestSources.itemStream(10)).withoutTimestamps().writeTo(Sinks.noop());
        return pipeline;
    }

    private static PartitionLostEvent event(int lostBackupCount, boolean allLost) {
        return new PartitionLostEvent() {
            @Override
            public int getPartitionId() {
                return 7;
            }

            @Override
            public int getLostBackupCount() {
                return lostBackupCount;
            }

            @Override
            public boolean allReplicasInPartitionLost() {
                return allLost;
            }

            @Override
            public Address getEventSource() {
                return null;
            }
        };
    }
}
