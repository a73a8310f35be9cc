package dev.sluice.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The contract check finds what breaks the document, and nothing in what keeps it. */
class OpenApiContractTest {

    private static final String JOB = """
            {"id": "3f2c9a1b7d6e4c50", "flow": "wordcount", "status": "%s", "submittedAt": 1, "completedAt": null,
             "failure": %s, "processes": 1, "workers": 2, "workersPerProcess": 2,
             "input": {"type": "http", "name": null}, "output": {"type": "http", "name": null},
             "countIn": 0, "countOut": 0, "lowestOpenEpoch": null, "inputClosed": false,
             "processingGuarantee": "exactly-once", "snapshotIntervalMillis": 1000, "idempotencyKey": null,
             "outputRetention": {"count": 100000, "ageMillis": 0}}""";

    private final OpenApiContract contract = OpenApiContract.get();

    @Test
    void aJobViewWithNullsKeepsTheDocument() {
        assertThat(json("GET", "/jobs/3f2c9a1b7d6e4c50", 200, JOB.formatted("RUNNING", "null")))
                .isEmpty();
        assertThat(json(
                        "GET",
                        "/jobs/3f2c9a1b7d6e4c50",
                        200,
                        JOB.formatted(
                                "FAILED",
                                "{\"message\": \"data lost\", \"stepIndex\": null, \"operator\": null, "
                                        + "\"exception\": null}")))
                .isEmpty();
    }

    @Test
    void aStatusTheDocumentDoesNotListBreaksIt() {
        assertThat(json("GET", "/jobs/3f2c9a1b7d6e4c50", 200, JOB.formatted("BOGUS", "null")))
                .singleElement()
                .asString()
                .contains("/status", "enumeration");
    }

    @Test
    void anUndocumentedResponseStatusBreaksIt() {
        assertThat(contract.check("GET", "/flows", 418, "application/json", Map.of(), "[]"))
                .isNotEmpty();
    }

    @Test
    void aProblemWithARelativeInstanceKeepsItAndOneWithoutATitleBreaksIt() {
        String problem = """
                {"type": "https://sluice.dev/problems/unknown-job", "title": "Unknown job", "status": 404,
                 "detail": "there is no job with ID 'nope'", "instance": "/jobs/nope"}""";
        assertThat(contract.check("GET", "/jobs/nope", 404, "application/problem+json", Map.of(), problem))
                .isEmpty();
        assertThat(contract.check(
                        "GET",
                        "/jobs/nope",
                        404,
                        "application/problem+json",
                        Map.of(),
                        problem.replace("\"title\": \"Unknown job\",", "")))
                .isNotEmpty();
    }

    @Test
    void ndjsonIsCheckedLineByLine() {
        String path = "/jobs/3f2c9a1b7d6e4c50/output";
        assertThat(contract.check("GET", path, 200, "application/x-ndjson", Map.of(), "[0,[\"a\",1]]\n[1,\"b\"]\n"))
                .isEmpty();
        assertThat(contract.check("GET", path, 200, "application/x-ndjson", Map.of(), "[0,[\"a\",1]]\n{\"a\": 1}\n"))
                .singleElement()
                .asString()
                .contains("line 1");
        assertThat(contract.check("GET", path, 200, "application/x-ndjson", Map.of(), "[0]\n"))
                .isNotEmpty();
    }

    @Test
    void eventStreamsAreCheckedEventByEvent() {
        String path = "/jobs/3f2c9a1b7d6e4c50/output";
        assertThat(contract.check(
                        "GET",
                        path,
                        200,
                        "text/event-stream",
                        Map.of(),
                        "id: 0\ndata: [0,[\"a\",1]]\n\n: keepalive\n\nid: 1\ndata: [1,\"b\"]\n\n"))
                .isEmpty();
        assertThat(contract.check("GET", path, 200, "text/event-stream", Map.of(), "id: 0\ndata: \"no pair\"\n\n"))
                .isNotEmpty();
    }

    @Test
    void pathsTheDocumentDoesNotHaveAreNotChecked() {
        assertThat(contract.check("GET", "/actuator/health", 200, "application/json", Map.of(), "{}"))
                .isEmpty();
        assertThat(contract.check("PUT", "/flows", 405, "application/json", Map.of(), "{}"))
                .isEmpty();
    }

    private List<String> json(String method, String path, int status, String body) {
        return contract.check(method, path, status, "application/json", Map.of(), body);
    }
}
