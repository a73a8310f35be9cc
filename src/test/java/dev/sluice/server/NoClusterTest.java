package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A member whose Hazelcast member has stopped answers {@code 503} problems, not errors. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class NoClusterTest {

    @LocalServerPort
    int port;

    @Autowired
    HazelcastInstance hazelcast;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void withoutAClusterEveryClusterEndpointIs503() {
        String base = "http://127.0.0.1:" + port;
        hazelcast.shutdown();

        for (HttpResponse<String> response : new HttpResponse[] {
            postJson(base + "/flows/wordcount/run?epochs=single", "[\"a\"]"),
            postJson(base + "/flows/wordcount/jobs", "{}"),
            get(base + "/jobs"),
            get(base + "/cluster"),
        }) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(response.body()).contains("No cluster").doesNotContain("\tat ");
        }
        assertThat(get(base + "/flows").statusCode()).isEqualTo(200);
    }
}
