package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.dataflow.Dataflow;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where a run runs ({@code sluice.run.in-process-max-items}, here 5): a run of at most that many pairs
 * in the thread of its request, a larger one as a Jet light job on Jet's threads, with the same answer.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sluice.run.in-process-max-items=5")
class SmallRunsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    /** A flow that answers each item with the name of the thread that ran its step. */
    @TestConfiguration(proxyBeanMethods = false)
    static class ThreadNames {
        @Bean("thread-names")
        Dataflow<String, ?> threadNames() {
            return Dataflow.input(String.class)
                    .map(item -> Thread.currentThread().getName())
                    .capture();
        }
    }

    private Set<String> threadsOfARunOf(int items) {
        StringJoiner body = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < items; i++) {
            body.add("\"item " + i + "\"");
        }
        HttpResponse<String> response =
                postJson(ServiceTestSupport.url(port, "/flows/thread-names/run/items?epochs=ordered"), body.toString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode pairs = JSON.readTree(response.body());
        assertThat(pairs.size()).isEqualTo(items);
        Set<String> threads = new HashSet<>();
        pairs.forEach(pair -> threads.add(pair.get(1).asString()));
        return threads;
    }

    @Test
    void aRunOfAtMostTheLimitRunsInTheThreadOfItsRequest() {
        Set<String> threads = threadsOfARunOf(5);

        assertThat(threads).hasSize(1);
        assertThat(threads.iterator().next()).as("a Tomcat request thread").contains("http-nio");
    }

    @Test
    void aLargerRunIsAJetJob() {
        assertThat(threadsOfARunOf(6))
                .allSatisfy(thread -> assertThat(thread).as("Jet's threads").contains("jet"));
    }
}
