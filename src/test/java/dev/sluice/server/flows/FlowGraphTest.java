package dev.sluice.server.flows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.sluice.examples.ExampleFlows;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.cluster.MemberDrain;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.json.SluiceJsonModule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /flows/{name}/graph} for every example flow, as JSON and as Mermaid: the logical steps,
 * the vertices that fuse them (a new vertex at every exchange, none at a {@code reduce_epoch_local}),
 * the edges with their routing, and the same as a Mermaid flowchart.
 */
@WebMvcTest(controllers = FlowController.class)
@Import(FlowGraphTest.Beans.class)
class FlowGraphTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SluiceProperties.class)
    @Import({FlowRegistry.class, ExampleFlows.class, MemberDrain.class})
    static class Beans {
        @Bean
        SluiceJsonModule sluiceJsonModule() {
            return new SluiceJsonModule();
        }
    }

    @Autowired
    MockMvc mvc;

    private JsonNode graph(String flow) throws Exception {
        MvcResult result = mvc.perform(get("/flows/" + flow + "/graph")).andReturn();
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("application/json");
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    private String mermaid(String flow) throws Exception {
        MvcResult result =
                mvc.perform(get("/flows/" + flow + "/graph?format=mermaid")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("text/plain");
        return result.getResponse().getContentAsString();
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asString()));
        return values;
    }

    private static List<String> edges(JsonNode graph) {
        List<String> edges = new ArrayList<>();
        graph.get("edges")
                .forEach(e -> edges.add(
                        e.get("from").asString() + " -" + e.get("routing").asString()
                                + (e.get("distributed").asBoolean() ? "/distributed" : "") + "-> "
                                + e.get("to").asString()
                                + " (" + step(e.get("fromStep")) + " to "
                                + step(e.get("toStep")) + ")"));
        return edges;
    }

    /** A step index, or {@code null} for an explicit JSON null. */
    private static String step(JsonNode node) {
        assertThat(node).as("every edge names both steps, null or not").isNotNull();
        return node.isNull() ? "null" : Integer.toString(node.asInt());
    }

    @Test
    void wordcountIsTwoVerticesAndOneExchange() throws Exception {
        JsonNode graph = graph("wordcount");
        assertThat(graph.get("name").asString()).isEqualTo("wordcount");
        assertThat(texts(graph.get("steps"), "operator"))
                .containsExactly("map", "flat_map", "map", "reduce_epoch", "capture");
        assertThat(graph.get("steps").get(3).get("keyed").asBoolean()).isTrue();
        assertThat(graph.get("steps").get(3).get("exchanges").asBoolean()).isTrue();
        assertThat(texts(graph.get("vertices"), "name")).containsExactly("input", "step-3-reduce_epoch", "output");
        assertThat(graph.get("vertices").get(0).get("steps").toString()).isEqualTo("[0,1,2]");
        assertThat(graph.get("vertices").get(1).get("steps").toString()).isEqualTo("[3,4]");
        assertThat(edges(graph))
                .containsExactly(
                        "input -partitioned/distributed-> step-3-reduce_epoch (2 to 3)",
                        "step-3-reduce_epoch -local-> output (4 to null)");
        assertThat(mermaid("wordcount")).isEqualTo(GraphExamples.WORDCOUNT_MERMAID);
    }

    @Test
    void pagerankKeepsItsReduceEpochLocalInTheVertexBeforeIt() throws Exception {
        JsonNode graph = graph("pagerank");
        assertThat(texts(graph.get("steps"), "operator"))
                .containsExactly(
                        "map", "reduce_epoch", "flat_map", "reduce_epoch_local", "reduce_epoch", "map", "capture");
        assertThat(graph.get("steps").get(3).get("exchanges").asBoolean()).isFalse();
        assertThat(texts(graph.get("vertices"), "name"))
                .containsExactly("input", "step-1-reduce_epoch", "step-4-reduce_epoch", "output");
        assertThat(graph.get("vertices").get(1).get("steps").toString()).isEqualTo("[1,2,3]");
        assertThat(edges(graph))
                .containsExactly(
                        "input -partitioned/distributed-> step-1-reduce_epoch (0 to 1)",
                        "step-1-reduce_epoch -partitioned/distributed-> step-4-reduce_epoch (3 to 4)",
                        "step-4-reduce_epoch -local-> output (6 to null)");
        assertThat(mermaid("pagerank"))
                .startsWith("flowchart LR\n")
                .contains("s3[\"3 reduce_epoch_local\\nkeyed\"]", "s2 --> s3", "s3 == \"partitioned by exhash\" ==> s4")
                .contains("s6 -. \"local\" .-> output");
    }

    @Test
    void anomalyDetectorStartsWithAKeyedStepSoItsInputRunsNone() throws Exception {
        JsonNode graph = graph("anomaly-detector");
        assertThat(texts(graph.get("steps"), "operator")).containsExactly("stateful_map", "capture");
        assertThat(texts(graph.get("vertices"), "name")).containsExactly("input", "step-0-stateful_map", "output");
        assertThat(graph.get("vertices").get(0).get("steps").size()).isZero();
        assertThat(edges(graph))
                .containsExactly(
                        "input -partitioned/distributed-> step-0-stateful_map (null to 0)",
                        "step-0-stateful_map -local-> output (1 to null)");
        assertThat(graph.get("edges").get(0).get("fromStep").isNull()).isTrue();
        assertThat(mermaid("anomaly-detector"))
                .contains(
                        "input([\"input\"])",
                        "input == \"partitioned by exhash\" ==> s0",
                        "s1 -. \"local\" .-> output");
    }

    @Test
    void searchSessionFusesEverythingAfterItsReduce() throws Exception {
        JsonNode graph = graph("search-session");
        assertThat(texts(graph.get("steps"), "operator"))
                .containsExactly("map", "reduce", "map", "filter", "flat_map", "map", "capture");
        assertThat(texts(graph.get("vertices"), "name")).containsExactly("input", "step-1-reduce", "output");
        assertThat(graph.get("vertices").get(1).get("steps").toString()).isEqualTo("[1,2,3,4,5,6]");
        assertThat(edges(graph))
                .containsExactly(
                        "input -partitioned/distributed-> step-1-reduce (0 to 1)",
                        "step-1-reduce -local-> output (6 to null)");
        String mermaid = mermaid("search-session");
        assertThat(mermaid).contains("subgraph v_step_1_reduce[\"step-1-reduce\"]", "s5 --> s6");
        // every step is a node of its own, once
        for (int step = 0; step < 7; step++) {
            assertThat(mermaid).containsOnlyOnce("    s" + step + "[\"" + step + " ");
        }
    }

    @Test
    void anUnknownFormatOrFlowIsAProblem() throws Exception {
        MvcResult svg = mvc.perform(get("/flows/wordcount/graph?format=svg")).andReturn();
        ServiceTestSupport.assertProblem(
                svg.getResponse().getStatus(),
                svg.getResponse().getContentType(),
                svg.getResponse().getContentAsString(),
                "format must be \"json\" or \"mermaid\", got \"svg\"");
        MvcResult unknown = mvc.perform(get("/flows/nope/graph")).andReturn();
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
    }
}
