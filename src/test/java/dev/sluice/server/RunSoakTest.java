package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import dev.sluice.testing.LiveHeap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Finite runs leave nothing behind (issue 13): after many small runs over HTTP, no class has gained
 * an instance per run in the live heap (the JVM's class histogram, taken after a full GC, before and
 * after), and the member holds no more distributed objects than before. Before the fix every run left
 * a {@code LocalListStatsImpl} (Hazelcast's statistics of the run's temporary list) for good.
 *
 * <p>{@code bench/soak-runs.sh} is the long form: 30,000 runs against the service jar.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RunSoakTest {

    /**
     * Enough runs that what is bounded but grows with the rate of runs for a while stays below one
     * instance a run: Jet keeps the metrics (and JMX beans) of the jobs of its last metrics collection,
     * some hundreds of strings at this rate.
     */
    private static final int RUNS = 1500;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    HazelcastInstance member;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void manyRunsLeaveNoObjectPerRunBehind() throws Exception {
        LiveHeap.warmUp(this::runs);
        List<String> objectsBefore = distributedObjects();
        LiveHeap before = LiveHeap.now();

        runs(RUNS);

        assertThat(LiveHeap.now().grownSince(before, RUNS))
                .as("classes with at least one more live instance per run after %d runs", RUNS)
                .isEmpty();
        assertThat(distributedObjects()).isEqualTo(objectsBefore);
    }

    private void runs(int count) {
        HttpRequest run = HttpRequest.newBuilder(
                        URI.create(ServiceTestSupport.url(port, "/flows/wordcount/run?epochs=single")))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[\"to be or not to be\", \"to see\"]"))
                .build();
        try {
            for (int i = 0; i < count; i++) {
                HttpResponse<String> response = client.send(run, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private List<String> distributedObjects() {
        return member.getDistributedObjects().stream()
                .map(o -> o.getServiceName() + ":" + o.getName())
                .sorted()
                .toList();
    }
}
