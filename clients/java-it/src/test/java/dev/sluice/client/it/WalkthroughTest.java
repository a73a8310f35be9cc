package dev.sluice.client.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.client.ApiClient;
import dev.sluice.client.ApiException;
import dev.sluice.client.api.ClusterApi;
import dev.sluice.client.api.FlowsApi;
import dev.sluice.client.api.JobsApi;
import dev.sluice.client.api.RunsApi;
import dev.sluice.client.model.ClusterView;
import dev.sluice.client.model.Endpoint;
import dev.sluice.client.model.FlowView;
import dev.sluice.client.model.InputAccepted;
import dev.sluice.client.model.JobRequest;
import dev.sluice.client.model.JobView;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The README's service walkthrough through the client generated from openapi/openapi.yaml, against a
 * running member ({@code -Dsluice.url}): flows, runs of each example flow, a job fed, closed and its
 * output read, a builder job cancelled, the cluster. No hand-written HTTP: if the document and the
 * service part ways, this stops compiling or fails.
 */
class WalkthroughTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ApiClient client = client();
    private final FlowsApi flows = new FlowsApi(client);
    private final RunsApi runs = new RunsApi(client);
    private final JobsApi jobs = new JobsApi(client);
    private final ClusterApi cluster = new ClusterApi(client);

    private static ApiClient client() {
        URI url = URI.create(System.getProperty("sluice.url", "http://127.0.0.1:8080"));
        ApiClient client = new ApiClient();
        client.updateBaseUri(url.toString());
        client.setReadTimeout(Duration.ofSeconds(60));
        return client;
    }

    @Test
    void theFlowsAreListedWithTheirSteps() throws ApiException {
        List<String> names = flows.listFlows().stream().map(FlowView::getName).toList();
        assertTrue(names.containsAll(List.of("wordcount", "search-session", "anomaly-detector", "pagerank")), "" + names);

        FlowView pagerank = flows.getFlow("pagerank");
        assertEquals("String", pagerank.getInputType());
        assertEquals("map", pagerank.getSteps().get(0).getOperator());

        ApiException unknown = assertThrows(ApiException.class, () -> flows.getFlow("nope"));
        assertEquals(404, unknown.getCode());
        assertTrue(unknown.getResponseBody().contains("https://sluice.dev/problems/unknown-flow"));
    }

    @Test
    void eachExampleFlowRuns() throws ApiException {
        // wordcount over [epoch, line] pairs: the epochs are ordered by the service
        Map<String, Long> counts = counts(runs.runFlow(
                "wordcount", List.of(List.of(0, "to be"), List.of(1, "or not"), List.of(0, "to be")), null, null));
        assertEquals(Map.of("0 to", 2L, "0 be", 2L, "1 or", 1L, "1 not", 1L), counts);

        // plain items, all in epoch 0, two workers per member
        List<List<Object>> ranks = runs.runFlowItems("pagerank", List.of("a,b", "a,c", "b,c", "c,a"), "single", 2, false);
        assertEquals(3, ranks.size(), "a rank per page: " + ranks);

        // key/value items: the anomaly detector flags 40.0 after 4.0 and 6.0
        List<List<Object>> anomalies = runs.runFlow(
                "anomaly-detector",
                List.of(List.of(0, List.of("cpu", 4.0)), List.of(1, List.of("cpu", 6.0)), List.of(2, List.of("cpu", 40.0))),
                null,
                null);
        assertEquals(3, anomalies.size(), "" + anomalies);
        assertTrue(anomalies.stream().anyMatch(pair -> pair.toString().contains("true")), "" + anomalies);

        // object items: a search, a click, a close make one session with a click-through rate
        List<List<Object>> sessions = runs.runFlow(
                "search-session",
                List.of(
                        List.of(0, Map.of("type", "Search", "user", 1)),
                        List.of(1, Map.of("type", "ClickResult", "user", 1)),
                        List.of(2, Map.of("type", "AppClose", "user", 1))),
                null,
                null);
        assertEquals(1, sessions.size(), "" + sessions);

        ApiException bad = assertThrows(
                ApiException.class, () -> runs.runFlow("wordcount", List.of(List.of(-1, "x")), null, null));
        assertEquals(400, bad.getCode());
    }

    @Test
    void aJobIsStartedFedClosedAndItsOutputRead() throws Exception {
        JobRequest request = new JobRequest()
                .input(new Endpoint().type(Endpoint.TypeEnum.HTTP))
                .output(new Endpoint().type(Endpoint.TypeEnum.HTTP))
                .workersPerProcess(2)
                .processingGuarantee(JobRequest.ProcessingGuaranteeEnum.EXACTLY_ONCE)
                .snapshotIntervalMillis(200L);
        String key = UUID.randomUUID().toString();
        JobView job = jobs.startJob("wordcount", request, key);
        assertEquals(job.getId(), jobs.startJob("wordcount", request, key).getId(), "a retry gets the same job");
        String id = job.getId();
        assertEquals(key, job.getIdempotencyKey());
        assertTrue(jobs.listJobs(null, null, null).stream().anyMatch(listed -> listed.getId().equals(id)));
        assertTrue(jobs.listJobs(10, List.of("RUNNING", "STARTING", "NOT_RUNNING"), null).stream()
                .anyMatch(listed -> listed.getId().equals(id)));

        await(id, view -> view.getStatus() == JobView.StatusEnum.RUNNING);
        InputAccepted fed = jobs.feedJobInput(id, List.of(List.of(0, "a b")));
        assertEquals(1, fed.getAccepted());
        // suspended, it still takes input, and reads it on resume
        assertEquals(202, jobs.suspendJobWithHttpInfo(id).getStatusCode());
        await(id, view -> view.getStatus() == JobView.StatusEnum.SUSPENDED);
        assertEquals(1, jobs.feedJobInput(id, List.of(List.of(1, "b"))).getHighestEpoch());
        assertEquals(202, jobs.resumeJobWithHttpInfo(id).getStatusCode());
        await(id, view -> view.getStatus() == JobView.StatusEnum.RUNNING);
        InputAccepted closed = jobs.closeJobInput(id);
        assertTrue(closed.getClosed());

        JobView done = await(id, view -> view.getStatus() == JobView.StatusEnum.COMPLETED);
        assertEquals(2, done.getCountIn());
        assertTrue(done.getInputClosed());
        assertNotNull(done.getCompletedAt());
        assertNull(done.getFailure());

        // the output stream ends once the job has ended: the client keeps it in a file, one pair a line
        File output = jobs.readJobOutput(id, 0L);
        Map<String, Long> counts = new HashMap<>();
        for (String line : Files.readAllLines(output.toPath(), StandardCharsets.UTF_8)) {
            counts.putAll(counts(List.of(JSON.readValue(line, List.class))));
        }
        assertEquals(Map.of("0 a", 1L, "0 b", 1L, "1 b", 1L), counts);
        assertEquals(204, jobs.cancelJobWithHttpInfo(id).getStatusCode(), "a DELETE of an ended job removes it");
        ApiException gone = assertThrows(ApiException.class, () -> jobs.getJob(id));
        assertEquals(404, gone.getCode(), "and it is unknown after");
    }

    @Test
    void aBuilderJobRunsUntilCancelled() throws Exception {
        JobView job = jobs.startJob(
                "anomaly-detector",
                new JobRequest()
                        .input(new Endpoint().type(Endpoint.TypeEnum.BUILDER).name("steady-readings"))
                        .output(new Endpoint().type(Endpoint.TypeEnum.HTTP)),
                null);
        assertEquals(JobView.ProcessingGuaranteeEnum.NONE, job.getProcessingGuarantee());
        assertNull(job.getCountIn(), "a builder input counts nothing");
        await(job.getId(), view -> view.getCountOut() != null && view.getCountOut() > 0);

        var cancelling = jobs.cancelJobWithHttpInfo(job.getId());
        assertEquals(202, cancelling.getStatusCode());
        assertTrue(List.of(JobView.StatusEnum.CANCELLING, JobView.StatusEnum.CANCELLED)
                .contains(cancelling.getData().getStatus()));
        await(job.getId(), view -> view.getStatus() == JobView.StatusEnum.CANCELLED);
    }

    @Test
    void theClusterListsThisMember() throws ApiException {
        ClusterView view = cluster.getCluster();
        assertFalse(view.getMembers().isEmpty());
        assertEquals(0, view.getMembers().get(0).getProcessId());
        assertTrue(view.getMembers().stream().anyMatch(member -> Boolean.TRUE.equals(member.getSelf())));
    }

    private JobView await(String id, Predicate<JobView> done) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            JobView view = jobs.getJob(id);
            if (done.test(view)) {
                return view;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job " + id + " did not get there: " + view);
            }
            Thread.sleep(100);
        }
    }

    /** {@code [epoch, [word, count]]} pairs as "epoch word" → count. */
    private static Map<String, Long> counts(List<List<Object>> pairs) {
        Map<String, Long> counts = new HashMap<>();
        for (List<Object> pair : pairs) {
            List<?> wordCount = (List<?>) pair.get(1);
            counts.put(pair.get(0) + " " + wordCount.get(0), ((Number) wordCount.get(1)).longValue());
        }
        return counts;
    }

}
