package dev.sluice.server.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.cluster.MemberDrain;
import dev.sluice.server.config.SluiceProperties;
import dev.sluice.server.json.PairReader;
import dev.sluice.server.json.SluiceJsonModule;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import tools.jackson.databind.ObjectMapper;

/**
 * The jobs endpoints in a web slice, with the cluster replaced by a mocked {@link JobService}: how a
 * job's output is answered (NDJSON or server-sent events, by {@code Accept}), the {@code Location} of a
 * started job, and the problems of refused requests. {@code JobApiTest} runs them on a real member.
 */
@WebMvcTest(controllers = {JobController.class, JobDataController.class})
@Import(JobControllerTest.Beans.class)
class JobControllerTest {

    private static final String ID = "3f2c9a1b7d6e4c50";

    @TestConfiguration(proxyBeanMethods = false)
    @EnableConfigurationProperties(SluiceProperties.class)
    @Import(MemberDrain.class)
    static class Beans {
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
    JobService jobs;

    @MockitoBean
    JobListing listing;

    private final JobStore store = mock(JobStore.class);

    @BeforeEach
    void anEndedJobWithTwoPairsOut() {
        when(jobs.recordOf(ID)).thenReturn(record(Endpoint.HTTP_ENDPOINT));
        when(jobs.store()).thenReturn(store);
        when(jobs.isFinished(ID)).thenReturn(true);
        when(store.outputCount(ID)).thenReturn(2L);
        when(store.output(ID, 0, 2))
                .thenReturn(List.of(EpochItem.of(0, KeyValue.of("to", 2)), EpochItem.of(1, KeyValue.of("be", 1))));
    }

    @Test
    void theOutputIsNdjsonByDefault() throws Exception {
        MvcResult result = output(null);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/x-ndjson");
        assertThat(result.getResponse().getContentAsString()).isEqualTo("[0,[\"to\",2]]\n[1,[\"be\",1]]\n");
        assertThat(result.getResponse().getHeader(HttpHeaders.CACHE_CONTROL)).isEqualTo("no-store");
    }

    @Test
    void theOutputIsServerSentEventsWhenAskedFor() throws Exception {
        MvcResult result = output("text/event-stream");

        assertThat(result.getResponse().getContentType()).isEqualTo("text/event-stream");
        assertThat(result.getResponse().getContentAsString())
                .isEqualTo("id: 0\ndata: [0,[\"to\",2]]\n\nid: 1\ndata: [1,[\"be\",1]]\n\n");
    }

    @Test
    void theOutputTakesWhatAnAcceptPrefers() throws Exception {
        assertThat(output("text/event-stream;q=0.5, application/x-ndjson")
                        .getResponse()
                        .getContentType())
                .isEqualTo("application/x-ndjson");
        assertThat(output("*/*").getResponse().getContentType()).isEqualTo("application/x-ndjson");
        assertThat(output("text/*").getResponse().getContentType()).isEqualTo("text/event-stream");
    }

    @Test
    void aClientThatAcceptsBothStreamsAlikeGetsNdjson() throws Exception {
        // what a generated client sends: every type the document names, in any order
        for (String accept : List.of(
                "application/x-ndjson, text/event-stream, application/problem+json",
                "text/event-stream, application/x-ndjson",
                "application/problem+json, text/event-stream, application/x-ndjson")) {
            assertThat(output(accept).getResponse().getContentType()).as(accept).isEqualTo("application/x-ndjson");
        }
        assertThat(output("text/event-stream, application/x-ndjson;q=0.9")
                        .getResponse()
                        .getContentType())
                .isEqualTo("text/event-stream");
    }

    @Test
    void anUnacceptableAcceptIsA406ProblemAndReadsNothing() throws Exception {
        MvcResult result = output("application/json");

        assertProblem(result, 406);
        verify(store, never()).output(any(), anyLong(), anyLong());
    }

    @Test
    void aNegativeOffsetIsA400Problem() throws Exception {
        MvcResult result = mvc.perform(get("/jobs/" + ID + "/output?from=-1")).andReturn();

        assertProblem(result, 400);
        assertThat(result.getResponse().getContentAsString()).contains("from must be a non-negative offset, got -1");
    }

    @Test
    void anUnknownJobIsA404Problem() throws Exception {
        when(jobs.recordOf("nope")).thenThrow(new JobExceptions.UnknownJobException("nope"));

        MvcResult result = mvc.perform(get("/jobs/nope/output")).andReturn();

        assertProblem(result, 404);
        assertThat(result.getResponse().getContentAsString()).contains("https://sluice.dev/problems/unknown-job");
    }

    @Test
    void aStartedJobIsA201WithItsLocation() throws Exception {
        JobView view = new JobView(
                ID,
                "wordcount",
                JobStatus.RUNNING,
                0,
                null,
                null,
                1,
                2,
                2,
                Endpoint.HTTP_ENDPOINT,
                Endpoint.HTTP_ENDPOINT,
                0L,
                0L,
                null,
                false,
                ProcessingGuarantee.EXACTLY_ONCE,
                1000,
                null,
                new OutputWindow(100_000L, 0L));
        when(jobs.start(eq("wordcount"), any(), isNull())).thenReturn(new JobStarter.Started(view, true));

        MvcResult result = mvc.perform(post("/flows/wordcount/jobs")
                        .contentType("application/json")
                        .content("{\"processingGuarantee\": \"exactly-once\"}"))
                .andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(201);
        assertThat(result.getResponse().getHeader(HttpHeaders.LOCATION)).isEqualTo("/jobs/" + ID);
        assertThat(result.getResponse().getContentAsString()).contains("\"processingGuarantee\":\"exactly-once\"");
    }

    @Test
    void aJobOfABuilderInputRefusesHttpInputWith409() throws Exception {
        when(jobs.closeInput(ID))
                .thenThrow(new JobExceptions.InputConflictException(
                        "job '" + ID + "' reads its input from the builder 'steady-readings', not over HTTP"));

        MvcResult result = mvc.perform(post("/jobs/" + ID + "/input/close")).andReturn();

        assertProblem(result, 409);
        assertThat(result.getResponse().getContentAsString()).contains("https://sluice.dev/problems/input-conflict");
    }

    private MvcResult output(String accept) throws Exception {
        var request = get("/jobs/" + ID + "/output");
        if (accept != null) {
            request.header(HttpHeaders.ACCEPT, accept);
        }
        return mvc.perform(request).andReturn();
    }

    private static JobRecord record(Endpoint output) {
        return new JobRecord(
                ID,
                "wordcount",
                1,
                Endpoint.HTTP_ENDPOINT,
                output,
                1,
                2,
                0,
                ProcessingGuarantee.EXACTLY_ONCE,
                1000,
                null,
                new OutputWindow(100_000L, 0L));
    }

    private static void assertProblem(MvcResult result, int status) throws Exception {
        assertThat(result.getResponse().getStatus()).isEqualTo(status);
        ServiceTestSupport.assertProblem(
                status,
                result.getResponse().getContentType(),
                result.getResponse().getContentAsString(),
                "");
    }
}
