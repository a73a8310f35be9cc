package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.metrics.StepMeters;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A job's meters appear when its workers start on the member, count its steps, and go when it is forgotten. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class JobMetersTest {

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Autowired
    JobService jobs;

    @Autowired
    JobMeters jobMeters;

    @Autowired
    StepMeters stepMeters;

    @Autowired
    MeterRegistry registry;

    private List<Meter> metersOf(String id) {
        return registry.getMeters().stream()
                .filter(meter -> id.equals(meter.getId().getTag("job")))
                .toList();
    }

    @Test
    void aForgottenJobsMetersAndFiguresAreGone() {
        String id = jobs.start("wordcount", new JobRequest(null, null, 2, null, null, null), null)
                .job()
                .id();
        jobs.appendInput(id, List.of(EpochItem.of(0, "a b"), EpochItem.of(1, "c")), 0);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(registry.find("sluice.step.items.out")
                                .tag("job", id)
                                .tag("step", "1")
                                .functionCounter())
                        .isNotNull()
                        .satisfies(counter -> assertThat(counter.count()).isEqualTo(3.0)));
        assertThat(metersOf(id))
                .extracting(meter -> meter.getId().getName())
                .contains(
                        "sluice.step.items.in",
                        "sluice.step.keys",
                        "sluice.step.frontier",
                        "sluice.job.input.accepted",
                        "sluice.job.input.read",
                        "sluice.job.output.committed",
                        "sluice.job.snapshots");
        assertThat(registry.find("sluice.job.input.accepted")
                        .tag("job", id)
                        .gauge()
                        .value())
                .isEqualTo(2.0);

        jobs.cancel(id);
        jobMeters.forget(id);

        assertThat(metersOf(id)).isEmpty();
        assertThat(stepMeters.metrics().job("wordcount", id)).isEmpty();
        assertThat(registry.find("sluice.step.items.in").tag("job", "runs").meters())
                .as("the runs' meters stay")
                .isNotEmpty();
    }
}
