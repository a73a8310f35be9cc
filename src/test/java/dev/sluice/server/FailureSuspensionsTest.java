package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastException;
import dev.sluice.dataflow.Dataflow;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A job Jet suspends for a failure ({@code FailureSuspensions}): one that failed with Hazelcast 5.5's
 * class-loader race after a master loss is resumed from its last snapshot and gives every pair once;
 * one that keeps failing so is failed after three resumes; a step's own failure still fails the job
 * naming the step (also {@code JobApiTest}). The race itself needs a master lost at one moment, so the
 * flows here throw what it throws.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class FailureSuspensionsTest {

    /** What Jet 5.5 throws in the race, word for word (its "exists" included). */
    static final String RACE = "JobClassLoaders for jobId=0a1b-2c3d-4e5f-0001 requested, but it does not exists";

    /** How many items the flows may still fail on: each failure takes one. */
    static final AtomicInteger RACES_LEFT = new AtomicInteger();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Flows {
        /** Doubles each number; an item "race" fails as Jet's race does while races are left. */
        @Bean("racing")
        Dataflow<String, ?> racing() {
            return Dataflow.input(String.class)
                    .map(item -> {
                        if (item.equals("race") && RACES_LEFT.getAndDecrement() > 0) {
                            throw new HazelcastException(RACE);
                        }
                        return item;
                    })
                    .capture();
        }
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    private JsonNode job(String id) {
        return json(get(url("/jobs/" + id)));
    }

    private String startAndFeed(String input) {
        HttpResponse<String> created = postJson(
                url("/flows/racing/jobs"),
                "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}, "
                        + "\"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 200}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json(created).get("id").asString();
        assertThat(postJson(url("/jobs/" + id + "/input"), input).statusCode()).isEqualTo(202);
        assertThat(send("POST", url("/jobs/" + id + "/input/close"), null, null, null)
                        .statusCode())
                .isEqualTo(202);
        return id;
    }

    @Test
    void aJobThatFailsWithJetsClassLoaderRaceIsResumedAndGivesEveryPairOnce(CapturedOutput log) {
        RACES_LEFT.set(1);
        String id = startAndFeed("[[0, \"a\"], [0, \"b\"], [1, \"race\"], [2, \"c\"]]");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).get("status").asString().equals("COMPLETED"));
        assertThat(RACES_LEFT.get()).as("it failed once").isNegative();
        assertThat(get(url("/jobs/" + id + "/output")).body().lines().toList())
                .containsExactlyInAnyOrder("[0,\"a\"]", "[0,\"b\"]", "[1,\"race\"]", "[2,\"c\"]");
        assertThat(job(id).get("failure").isNull()).isTrue();
        // Jet's status events reach the log a moment after the view; the run after the resume logs
        // "running" or "running again", as the log saw the first run or not
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(log.getOut())
                        .contains("Job " + id + " of flow racing failed, Jet keeps it suspended")
                        .contains("Job " + id + " failed in Jet itself (")
                        .contains("Job " + id + " of flow racing completed"));
    }

    @Test
    void aJobThatKeepsFailingSoFailsAfterThreeResumesWithJetsMessage(CapturedOutput log) {
        RACES_LEFT.set(Integer.MAX_VALUE);
        String id = startAndFeed("[[0, \"a\"], [1, \"race\"]]");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).get("status").asString().equals("FAILED"));
        assertThat(Integer.MAX_VALUE - RACES_LEFT.get())
                .as("failures: the first and three resumed")
                .isEqualTo(4);
        JsonNode failure = job(id).get("failure");
        assertThat(failure.get("message").asString())
                .startsWith("step 0 (map) failed: ")
                .contains(RACE);
        assertThat(failure.get("stepIndex").asInt()).isZero();
        assertThat(failure.get("exception").asString()).isEqualTo(HazelcastException.class.getName());
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(log.getOut())
                        .contains("Job " + id + " of flow racing ended as failed")
                        .doesNotContain("Job " + id + " of flow racing cancelled"));
    }
}
