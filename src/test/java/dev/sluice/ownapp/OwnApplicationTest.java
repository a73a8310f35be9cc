package dev.sluice.ownapp;

import static dev.sluice.server.ServiceTestSupport.assertProblem;
import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.url;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.cluster.ClusterSettings;
import dev.sluice.cluster.SluiceMembers;
import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.flows.FlowRegistry;
import dev.sluice.server.runs.FlowExecutor;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * An application of its own that depends on Sluice (this package is outside the service's, as a user's
 * would be): Sluice's auto-configuration serves the application's flows, and only those, with the
 * service's whole API; a bean the application brings (Hazelcast instance, flow executor) replaces
 * Sluice's.
 */
class OwnApplicationTest {

    /** What a user writes: a Spring Boot application and a flow bean. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class BasketApplication {
        @Bean("basket-totals")
        Dataflow<String, ?> basketTotals() {
            return Dataflow.input(String.class)
                    .mapToKeyValue(line -> KeyValue.of(line.split(":")[0], Double.parseDouble(line.split(":")[1])))
                    .reduceEpoch(Double::sum)
                    .capture();
        }
    }

    /** The same application bringing its own Hazelcast member and flow executor. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class OwnBeansApplication extends BasketApplication {
        @Bean(destroyMethod = "shutdown")
        HazelcastInstance ownMember() {
            Config config = SluiceMembers.config(new ClusterSettings(
                    "own-" + UUID.randomUUID(),
                    ServiceTestSupport.freePort(),
                    List.of(),
                    OptionalInt.empty(),
                    "127.0.0.1",
                    null,
                    0,
                    10));
            config.setInstanceName("own-member-" + UUID.randomUUID());
            return Hazelcast.newHazelcastInstance(config);
        }

        @Bean
        FlowExecutor cannedExecutor() {
            return (flow, input, workersPerProcess, output, tag) -> {
                output.accept(new EpochItem<>(7, KeyValue.of("canned", (double) input.size())));
                return null;
            };
        }
    }

    /** Started as a user would, the settings on the command line (above Sluice's defaults, as a file's are). */
    private static ConfigurableApplicationContext start(Class<?> application, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--sluice.cluster.name=own-" + UUID.randomUUID(),
                "--sluice.cluster.port=" + ServiceTestSupport.freePort(),
                "--sluice.cluster.bind-address=127.0.0.1",
                "--sluice.workers-per-process=2"));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new SpringApplicationBuilder(application).run(args.toArray(String[]::new));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @Test
    void anApplicationServesItsOwnFlowsOnlyWithTheWholeApi() {
        try (ConfigurableApplicationContext context = start(BasketApplication.class)) {
            int port = port(context);

            HttpResponse<String> flows = get(url(port, "/flows"));
            assertThat(flows.statusCode()).as(flows.body()).isEqualTo(200);
            assertThat(json(flows).findValuesAsString("name")).containsExactly("basket-totals");

            HttpResponse<String> run = postJson(
                    url(port, "/flows/basket-totals/run?workers=2"),
                    "[[0, \"ann:2.5\"], [0, \"bob:1\"], [0, \"ann:4\"]]");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(json(run).toString()).contains("[0,[\"ann\",6.5]]", "[0,[\"bob\",1.0]]");

            assertProblem(postJson(url(port, "/flows/basket-totals/run"), "[[0, 12]]"), 400, "");
            assertProblem(postJson(url(port, "/flows/wordcount/run"), "[\"a\"]"), 404, "basket-totals");

            assertThat(get(url(port, "/v3/api-docs")).body()).contains("/flows/{name}/run");
            assertThat(get(url(port, "/swagger-ui/index.html")).statusCode()).isEqualTo(200);
            assertThat(get(url(port, "/actuator/health")).body()).contains("UP");
            assertThat(get(url(port, "/cluster")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theExamplesComeOnlyWhenAsked() {
        try (ConfigurableApplicationContext context = start(BasketApplication.class, "sluice.examples.enabled=true")) {
            assertThat(context.getBean(FlowRegistry.class).names())
                    .contains("basket-totals", "wordcount", "pagerank")
                    .hasSize(5);
        }
    }

    @Test
    void theApplicationsOwnHazelcastMemberAndFlowExecutorReplaceSluices() {
        try (ConfigurableApplicationContext context = start(OwnBeansApplication.class)) {
            assertThat(context.getBeansOfType(HazelcastInstance.class)).containsOnlyKeys("ownMember");
            assertThat(context.getBeansOfType(Config.class)).isEmpty();
            assertThat(context.getBeansOfType(FlowExecutor.class)).containsOnlyKeys("cannedExecutor");

            HttpResponse<String> run =
                    postJson(url(port(context), "/flows/basket-totals/run"), "[[0, \"ann:2.5\"], [1, \"bob:1\"]]");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
            assertThat(json(run).toString()).isEqualTo("[[7,[\"canned\",2.0]]]");
            assertThat(context.getBean(HazelcastInstance.class).getConfig().getClusterName())
                    .startsWith("own-")
                    .isNotEqualTo(context.getEnvironment().getProperty("sluice.cluster.name"));
        }
    }

    @Test
    void theDefaultsAreBelowTheApplicationsOwnSettings() {
        try (ConfigurableApplicationContext context =
                start(BasketApplication.class, "springdoc.api-docs.path=/own-docs")) {
            assertThat(context.getEnvironment().getProperty("springdoc.api-docs.path"))
                    .isEqualTo("/own-docs");
            assertThat(context.getEnvironment().getProperty("management.endpoint.health.probes.enabled"))
                    .isEqualTo("true");
            assertThat(context.getEnvironment().getProperty("spring.application.name"))
                    .isNull();
        }
    }
}
