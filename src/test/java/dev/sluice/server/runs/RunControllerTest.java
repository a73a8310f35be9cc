package dev.sluice.server.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.dataflow.StepFailure;
import dev.sluice.examples.PageRank;
import dev.sluice.examples.Wordcount;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.cluster.ClusterUnavailableException;
import dev.sluice.server.cluster.MemberDrain;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.flows.FlowConsistency;
import dev.sluice.server.flows.FlowRegistry;
import dev.sluice.server.json.PairReader;
import dev.sluice.server.json.SluiceJsonModule;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /flows/{name}/run} in a web slice, with the cluster replaced by a mocked {@link
 * FlowExecutor}: which media type a run answers with, and which problem each failure becomes. Runs in
 * milliseconds; {@code RunApiTest} runs the same endpoint on a real member.
 */
@WebMvcTest(controllers = RunController.class, properties = "sluice.run.max-request-bytes=1KB")
@Import(RunControllerTest.Beans.class)
class RunControllerTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BODY = "[[0, \"to be\"]]";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SluiceProperties.class)
    @Import({RunService.class, FlowRegistry.class, FlowConsistency.class, MemberDrain.class})
    static class Beans {
        @Bean("wordcount")
        Dataflow<String, ?> wordcount() {
            return Wordcount.flow();
        }

        @Bean("pagerank")
        Dataflow<String, ?> pagerank() {
            return PageRank.flow();
        }

        @Bean
        SluiceJsonModule sluiceJsonModule() {
            return new SluiceJsonModule();
        }

        @Bean
        PairReader pairReader(ObjectMapper mapper) {
            return new PairReader(mapper);
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    FlowExecutor executor;

    @BeforeEach
    void twoCounts() {
        doAnswer(invocation -> {
                    Consumer<EpochItem<Object>> output = invocation.getArgument(3);
                    output.accept(EpochItem.of(0, KeyValue.of("to", 1)));
                    output.accept(EpochItem.of(0, KeyValue.of("be", 1)));
                    return null;
                })
                .when(executor)
                .run(any(), anyList(), anyInt(), any(), any());
        // an executor a user brings streams with the interface's default: the whole run, then one batch
        doCallRealMethod().when(executor).stream(any(), anyList(), anyInt(), any(), any());
    }

    // --- content negotiation ---

    @Test
    void answersJsonWithoutAnAccept() throws Exception {
        MvcResult result = run("/flows/wordcount/run", null, BODY);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/json");
        assertThat(result.getResponse().getContentAsString()).isEqualTo("[[0,[\"to\",1]],[0,[\"be\",1]]]");
    }

    @Test
    void answersOnePairALineForNdjson() throws Exception {
        MvcResult result = run("/flows/wordcount/run", "application/x-ndjson", BODY);

        assertThat(result.getResponse().getContentType()).isEqualTo("application/x-ndjson");
        assertThat(result.getResponse().getContentAsString()).isEqualTo("[0,[\"to\",1]]\n[0,[\"be\",1]]\n");
    }

    // --- NDJSON written while the run goes on (issue 19) ---

    @Test
    void anNdjsonRunThatFailsAfterItsFirstPairsEndsWithTheProblemAsItsLastLine() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("a link is \"parent,child\"");
        thrown.addSuppressed(new StepFailure(0, "map", thrown));
        doAnswer(invocation -> {
                    Consumer<List<EpochItem<Object>>> batches = invocation.getArgument(3);
                    batches.accept(List.of(EpochItem.of(0, KeyValue.of("a", 1.0))));
                    throw thrown;
                })
                .when(executor)
                .stream(any(), anyList(), anyInt(), any(), any());

        MvcResult result = run("/flows/pagerank/run", "application/x-ndjson", "[[0, \"a,b\"], [1, \"no comma\"]]");

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        String[] lines = result.getResponse().getContentAsString().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).isEqualTo("[0,[\"a\",1.0]]");
        JsonNode problem = JSON.readTree(lines[1]);
        assertThat(problem.get("type").asString()).isEqualTo("https://sluice.dev/problems/step-failed");
        assertThat(problem.get("status").asInt()).isEqualTo(422);
        assertThat(problem.get("stepIndex").asInt()).isZero();
        assertThat(problem.get("operator").asString()).isEqualTo("map");
        assertThat(problem.get("detail").asString()).startsWith("step 0 (map) of flow 'pagerank' threw");
        assertThat(problem.get("instance").asString()).isEqualTo("/flows/pagerank/run");
    }

    @Test
    void anNdjsonRunThatFailsBeforeItsFirstPairIsAnsweredWithTheProblemAndItsStatus() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("a link is \"parent,child\"");
        thrown.addSuppressed(new StepFailure(0, "map", thrown));
        doThrow(thrown).when(executor).stream(any(), anyList(), anyInt(), any(), any());

        JsonNode problem =
                problem(run("/flows/pagerank/run", "application/x-ndjson", "[[0, \"no comma\"]]"), 422, "step 0");

        assertThat(problem.get("type").asString()).isEqualTo("https://sluice.dev/problems/step-failed");
    }

    @Test
    void anNdjsonRunWithStatsIsAnsweredWholeWithItsFigures() throws Exception {
        MvcResult result = run("/flows/wordcount/run?stats=true", "application/x-ndjson", BODY);

        assertThat(result.getResponse().getContentAsString()).isEqualTo("[0,[\"to\",1]]\n[0,[\"be\",1]]\n");
        assertThat(result.getResponse().getHeader(RunController.STEPS_HEADER)).isNotNull();
        verify(executor, never()).stream(any(), anyList(), anyInt(), any(), any());
    }

    @Test
    void anAcceptOfSeveralTypesGetsTheOneItPrefers() throws Exception {
        assertThat(contentType("application/x-ndjson, application/json")).isEqualTo("application/x-ndjson");
        assertThat(contentType("application/json, application/x-ndjson")).isEqualTo("application/json");
        assertThat(contentType("application/x-ndjson;q=0.5, application/json")).isEqualTo("application/json");
        assertThat(contentType("*/*")).isEqualTo("application/json");
        assertThat(contentType("application/*")).isEqualTo("application/json");
        assertThat(contentType("text/plain, */*;q=0.1")).isEqualTo("application/json");
        assertThat(contentType("*/*, application/x-ndjson")).isEqualTo("application/x-ndjson");
    }

    @Test
    void anUnacceptableAcceptIsA406ProblemAndRunsNothing() throws Exception {
        MvcResult result = run("/flows/wordcount/run", "application/xml", BODY);

        assertProblem(result, 406, "");
        verifyNoInteractions(executor);
    }

    // --- problems ---

    @Test
    void anUnknownFlowIsA404ProblemListingTheFlows() throws Exception {
        assertThat(problem(run("/flows/nope/run", null, BODY), 404, "there is no flow named 'nope'")
                        .get("type")
                        .asString())
                .isEqualTo("https://sluice.dev/problems/unknown-flow");
        verifyNoInteractions(executor);
    }

    @Test
    void aStepThatThrowsIsA422NamingTheStepAndTheException() throws Exception {
        IllegalArgumentException thrown = new IllegalArgumentException("a link is \"parent,child\"");
        thrown.addSuppressed(new StepFailure(0, "map", thrown));
        doThrow(thrown).when(executor).run(any(), anyList(), anyInt(), any(), any());

        JsonNode problem = problem(
                run("/flows/pagerank/run", null, "[[0, \"no comma\"]]"),
                422,
                "step 0 (map) of flow 'pagerank' threw IllegalArgumentException: a link is \"parent,child\"");

        assertThat(problem.get("type").asString()).isEqualTo("https://sluice.dev/problems/step-failed");
        assertThat(problem.get("flow").asString()).isEqualTo("pagerank");
        assertThat(problem.get("stepIndex").asInt()).isZero();
        assertThat(problem.get("operator").asString()).isEqualTo("map");
        assertThat(problem.get("exception").asString()).isEqualTo("java.lang.IllegalArgumentException");
        assertThat(problem.get("instance").asString()).isEqualTo("/flows/pagerank/run");
    }

    @Test
    void aRunThatLostAMemberTwiceIsA503ToRetry() throws Exception {
        doThrow(new ClusterChangedException("the cluster changed during the run", null))
                .when(executor)
                .run(any(), anyList(), anyInt(), any(), any());

        MvcResult result = run("/flows/wordcount/run", null, BODY);

        assertThat(problem(result, 503, "the cluster changed").get("type").asString())
                .isEqualTo("https://sluice.dev/problems/cluster-changed");
        assertThat(result.getResponse().getHeader(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
    }

    @Test
    void noClusterIsA503() throws Exception {
        doThrow(new ClusterUnavailableException("this member is not part of a running cluster: gone", null))
                .when(executor)
                .run(any(), anyList(), anyInt(), any(), any());

        assertThat(problem(run("/flows/wordcount/run", null, BODY), 503, "not part of a running cluster")
                        .get("type")
                        .asString())
                .isEqualTo("https://sluice.dev/problems/no-cluster");
    }

    @Test
    void badBodiesAndParametersAre400ProblemsAndRunNothing() throws Exception {
        assertThat(problem(run("/flows/wordcount/run", null, "[[0, \"a\"],"), 400, "not valid JSON")
                        .get("type")
                        .asString())
                .isEqualTo("https://sluice.dev/problems/invalid-input");
        assertThat(problem(run("/flows/wordcount/run?workers=0", null, BODY), 400, "workers must be between 1 and")
                        .get("type")
                        .asString())
                .isEqualTo("https://sluice.dev/problems/invalid-request");
        problem(
                run("/flows/wordcount/run?epochs=sideways", null, BODY),
                400,
                "the parameter 'epochs' cannot be 'sideways'; one of [given, single, ordered]");
        verifyNoInteractions(executor);
    }

    @Test
    void aBodyOverTheLimitIsA413Problem() throws Exception {
        String body = "[[0, \"" + "x".repeat(2000) + "\"]]";

        assertThat(problem(run("/flows/wordcount/run", null, body), 413, "this service takes at most 1024 bytes")
                        .get("type")
                        .asString())
                .isEqualTo("https://sluice.dev/problems/body-too-large");
        verifyNoInteractions(executor);
    }

    @Test
    void aBodyThatIsNotJsonIsA415Problem() throws Exception {
        MvcResult result = mvc.perform(
                        post("/flows/wordcount/run").contentType("text/plain").content(BODY))
                .andReturn();

        assertProblem(result, 415, "");
        verifyNoInteractions(executor);
    }

    // --- strict query parameters (issue 13) ---

    @ParameterizedTest
    @ValueSource(
            strings = {
                "workers=0x2",
                "workers=%EF%BC%91",
                "workers=1.0",
                "workers=+1",
                "workers=%201",
                "workers=99999999999",
                "epochs=given%20",
                "epochs=GIVEN"
            })
    void aParameterThatIsNotExactlyWhatTheDocumentSaysIsA400(String query) throws Exception {
        MvcResult result = run("/flows/wordcount/run?" + query, null, BODY);

        assertProblem(result, 400, "the parameter '" + query.substring(0, query.indexOf('=')) + "'");
        assertThat(result.getResponse().getContentAsString()).doesNotContain("java.", "Long", "Integer");
        verifyNoInteractions(executor);
    }

    /** SPEC §1: a run takes its pairs in epoch order, keeping the body's order within an epoch. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "[[2, \"c\"], [0, \"a\"], [2, \"d\"], [1, \"b\"], [0, \"e\"]]",
                "[[0, \"a\"], [0, \"e\"], [1, \"b\"], [2, \"c\"], [2, \"d\"]]"
            })
    void pairsReachTheRunSortedStablyByEpoch(String body) throws Exception {
        run("/flows/wordcount/run", null, body);

        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<EpochItem<Object>>> input = ArgumentCaptor.forClass(List.class);
        verify(executor).run(any(), input.capture(), anyInt(), any(), any());
        assertThat(input.getValue())
                .containsExactly(
                        EpochItem.of(0, "a"),
                        EpochItem.of(0, "e"),
                        EpochItem.of(1, "b"),
                        EpochItem.of(2, "c"),
                        EpochItem.of(2, "d"));
    }

    @Test
    void exactParametersStillWork() throws Exception {
        assertThat(run("/flows/wordcount/run?workers=2&epochs=given", null, BODY)
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    // --- helpers ---

    private MvcResult run(String path, String accept, String body) throws Exception {
        MockHttpServletRequestBuilder request =
                post(path).contentType("application/json").content(body);
        if (accept != null) {
            request.header(HttpHeaders.ACCEPT, accept);
        }
        MvcResult result = mvc.perform(request).andReturn();
        // a run's answer is streamed: it completes in an async dispatch
        return result.getRequest().isAsyncStarted()
                ? mvc.perform(asyncDispatch(result)).andReturn()
                : result;
    }

    private String contentType(String accept) throws Exception {
        return run("/flows/wordcount/run", accept, BODY).getResponse().getContentType();
    }

    private static void assertProblem(MvcResult result, int status, String detailPart) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(status);
        ServiceTestSupport.assertProblem(
                status,
                result.getResponse().getContentType(),
                result.getResponse().getContentAsString(),
                detailPart);
    }

    private static JsonNode problem(MvcResult result, int status, String detailPart) throws Exception {
        assertProblem(result, status, detailPart);
        return JSON.readTree(result.getResponse().getContentAsString());
    }
}
