package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which of Jet's descriptions of a failure are its own faults, which a resume gets past. */
class JetFaultsTest {

    @Test
    void theClassLoaderRaceAfterAMasterLossIsResumable() {
        // as Jet 5.5 describes it in a suspension's cause, stack trace and all
        String suspension =
                "Execution failure:\ncom.hazelcast.jet.JetException: com.hazelcast.core.HazelcastException: "
                        + "JobClassLoaders for jobId=1063-5f2c-9a00-0003 requested, but it does not exists\n"
                        + "\tat com.hazelcast.jet.impl.JobClassLoaderService.getProcessorClassLoader(JobClassLoaderService.java:194)";
        assertThat(JetFaults.resumable(suspension)).isTrue();
    }

    @Test
    void aJobsOwnFailureAndOtherHazelcastFailuresAreNot() {
        assertThat(JetFaults.resumable("Execution failure:\ncom.hazelcast.jet.JetException: Exception in "
                        + "ProcessorTasklet{sluice-job-1/input#0}: java.lang.IllegalArgumentException: a link is "
                        + "\"parent,child\", got \"no comma\""))
                .isFalse();
        assertThat(JetFaults.resumable(
                        "com.hazelcast.core.HazelcastException: JobClassLoaders for jobId=1 already " + "removed"))
                .isFalse();
    }
}
