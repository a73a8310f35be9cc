package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
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

/**
 * A member whose Hazelcast instance is gone must say so on its probes (issue 12): before, liveness and
 * readiness stayed {@code UP}, so an orchestrator neither restarted it nor stopped sending it traffic.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class HealthProbesTest {

    @LocalServerPort
    int port;

    @Autowired
    HazelcastInstance hazelcast;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void livenessAndReadinessFailOnceTheHazelcastInstanceIsGone() {
        assertThat(get(url("/actuator/health/liveness")).statusCode()).isEqualTo(200);
        assertThat(get(url("/actuator/health/readiness")).statusCode()).isEqualTo(200);

        hazelcast.getLifecycleService().terminate();

        HttpResponse<String> liveness = get(url("/actuator/health/liveness"));
        HttpResponse<String> readiness = get(url("/actuator/health/readiness"));
        assertThat(liveness.statusCode()).as(liveness.body()).isEqualTo(503);
        assertThat(liveness.body()).contains("\"status\":\"DOWN\"");
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(503);
        assertThat(get(url("/actuator/health")).statusCode()).isEqualTo(503);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }
}
