package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.assertProblem;
import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** The REST API of SPEC §5 for flows, runs and the cluster, against a real server on a random port. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sluice.run.max-request-bytes=64KB")
class RunApiTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    @Test
    void epochsAndWorkersAreReadExactly() {
        for (String query :
                List.of("epochs=%00", "epochs=given%20", "epochs=%20single", "workers=0x2", "workers=%EF%BC%91")) {
            HttpResponse<String> response = postJson(url("/flows/wordcount/run?" + query), "[[0, \"a\"]]");
            assertProblem(response, 400, "the parameter '" + query.substring(0, query.indexOf('=')) + "'");
        }
        assertProblem(
                postJson(url("/flows/wordcount/run?workers=2&workers=3"), "[[0, \"a\"]]"),
                400,
                "the parameter 'workers' given 2 times (2, 3); give it once");
        assertThat(postJson(url("/flows/wordcount/run?workers="), "[[0, \"a\"]]")
                        .statusCode())
                .as("an empty parameter is an absent one")
                .isEqualTo(200);
    }

    // --- flows ---

    @Test
    void listsTheExampleFlowsWithTheirStepsAndInputTypes() {
        HttpResponse<String> response = get(url("/flows"));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode flows = json(response);
        List<String> names = new ArrayList<>();
        flows.forEach(flow -> names.add(flow.get("name").asString()));
        assertThat(names).containsExactly("anomaly-detector", "pagerank", "search-session", "wordcount");
        JsonNode wordcount = flows.get(3);
        assertThat(wordcount.get("inputType").asString()).isEqualTo("String");
        assertThat(wordcount.get("steps").get(3).get("operator").asString()).isEqualTo("reduce_epoch");
        assertThat(wordcount.get("steps").get(3).get("keyed").asBoolean()).isTrue();
        assertThat(flows.get(0).get("inputType").asString()).isEqualTo("KeyValue<String, Double>");
    }

    @Test
    void describesOneFlowAndAnswers404ForAnUnknownOne() {
        HttpResponse<String> response = get(url("/flows/pagerank"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("steps").size()).isEqualTo(7);

        assertProblem(get(url("/flows/nope")), 404, "no flow named 'nope'");
    }

    // --- runs ---

    @Test
    void runsWordcountWithGivenEpochsOrderingThemFirst() {
        HttpResponse<String> response =
                postJson(url("/flows/wordcount/run"), "[[1, \"b a\"], [0, \"A a\"], [1, \"b\"]]");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(pairs(response)).containsExactlyInAnyOrder("[0,[\"a\",2]]", "[1,[\"b\",2]]", "[1,[\"a\",1]]");
    }

    @Test
    void runsWithSingleAndOrderedEpochs() {
        HttpResponse<String> single = postJson(url("/flows/wordcount/run?epochs=single"), "[\"a b\", \"a\"]");
        assertThat(pairs(single)).containsExactlyInAnyOrder("[0,[\"a\",2]]", "[0,[\"b\",1]]");

        HttpResponse<String> ordered =
                postJson(url("/flows/wordcount/run?epochs=ordered&workers=3"), "[\"a b\", \"a\"]");
        assertThat(pairs(ordered)).containsExactlyInAnyOrder("[0,[\"a\",1]]", "[0,[\"b\",1]]", "[1,[\"a\",1]]");
    }

    @Test
    void streamsNdjsonWhenAsked() {
        HttpResponse<String> response = send(
                "POST",
                url("/flows/wordcount/run?epochs=single"),
                "application/json",
                "[\"x y x\"]",
                "application/x-ndjson");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/x-ndjson"));
        assertThat(response.body().lines().toList()).containsExactlyInAnyOrder("[0,[\"x\",2]]", "[0,[\"y\",1]]");
    }

    @Test
    void runsSearchSession() {
        HttpResponse<String> response = postJson(url("/flows/search-session/run"), """
                [[0, {"type": "AppOpen", "user": 1}], [1, {"type": "Search", "user": 1, "query": "dogs"}],
                 [2, {"type": "Results", "user": 1}], [3, {"type": "ClickResult", "user": 1}],
                 [4, {"type": "Search", "user": 1}], [5, {"type": "AppClose", "user": 1}],
                 [6, {"type": "AppOpen", "user": 2}], [7, {"type": "Search", "user": 2}], [8, {"type": "AppClose", "user": 2}]]
                """);

        assertThat(pairs(response)).containsExactlyInAnyOrder("[5,1.0]", "[5,0.0]", "[8,0.0]");
    }

    @Test
    void runsAnomalyDetector() {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            body.append("[")
                    .append(i)
                    .append(", [\"cpu\", ")
                    .append(i % 2 == 0 ? 4 : 6)
                    .append("]], ");
        }
        body.append("[10, [\"cpu\", 20]]]");

        HttpResponse<String> response = postJson(url("/flows/anomaly-detector/run"), body.toString());

        List<String> pairs = pairs(response);
        assertThat(pairs)
                .hasSize(11)
                .contains("[0,[\"cpu\",[4.0,4.0,0.0,false]]]", "[9,[\"cpu\",[6.0,5.0,1.0,false]]]");
        assertThat(pairs)
                .anySatisfy(pair ->
                        assertThat(pair).startsWith("[10,[\"cpu\",[20.0,6.6").endsWith("true]]]"));
    }

    @Test
    void runsPagerank() {
        HttpResponse<String> response =
                postJson(url("/flows/pagerank/run?epochs=single"), "[\"a,b\", \"a, c\", \"b,c\", \"c ,a\"]");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Double> ranks = new HashMap<>();
        json(response).forEach(pair -> {
            assertThat(pair.get(0).asLong()).isZero();
            ranks.put(pair.get(1).get(0).asString(), pair.get(1).get(1).asDouble());
        });
        assertThat(ranks).containsOnlyKeys("a", "b", "c");
        assertThat(ranks.get("a")).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ranks.get("b")).isCloseTo(0.575, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ranks.get("c")).isCloseTo(1.425, org.assertj.core.data.Offset.offset(1e-12));
    }

    // --- errors ---

    @Test
    void aStepThatThrowsIs422NamingTheStepAndMessage() {
        HttpResponse<String> response = postJson(url("/flows/pagerank/run?epochs=single"), "[\"a,b\", \"no comma\"]");

        assertProblem(
                response,
                422,
                "step 0 (map) of flow 'pagerank' threw IllegalArgumentException: "
                        + "a link is \"parent,child\", got \"no comma\"");
        JsonNode problem = json(response);
        assertThat(problem.get("stepIndex").asInt()).isZero();
        assertThat(problem.get("operator").asString()).isEqualTo("map");
    }

    @Test
    void malformedInputIs400NamingTheCulprit() {
        assertProblem(postJson(url("/flows/wordcount/run"), "[[0, \"a\"],"), 400, "not valid JSON");
        assertProblem(postJson(url("/flows/wordcount/run"), "{\"a\": 1}"), 400, "must be a JSON array");
        assertProblem(postJson(url("/flows/wordcount/run"), ""), 400, "empty");
        assertProblem(postJson(url("/flows/wordcount/run"), "[[-1, \"a\"]]"), 400, "pair 0 has a negative epoch -1");
        assertProblem(
                postJson(url("/flows/wordcount/run"), "[[0, \"a\"], [1.5, \"b\"]]"),
                400,
                "pair 1 must start with its epoch");
        assertProblem(
                postJson(url("/flows/wordcount/run"), "[[99999999999999999999, \"a\"]]"), 400, "non-negative integer");
        assertProblem(postJson(url("/flows/wordcount/run"), "[[0]]"), 400, "no item");
        assertProblem(postJson(url("/flows/wordcount/run"), "[[0, \"a\", 3]]"), 400, "more than two");
        assertProblem(postJson(url("/flows/wordcount/run"), "[\"a\"]"), 400, "pair 0 must be an array");
        assertProblem(
                postJson(url("/flows/anomaly-detector/run"), "[[0, [\"cpu\", \"high\"]]]"),
                400,
                "pair 0 value: the item does not convert to Double");
        assertProblem(postJson(url("/flows/anomaly-detector/run"), "[[0, {\"cpu\": 1}]]"), 400, "[key, value] array");
        assertProblem(
                postJson(url("/flows/search-session/run"), "[[0, {\"type\": \"Nap\", \"user\": 1}]]"),
                400,
                "does not convert to AppEvent");
        assertProblem(postJson(url("/flows/wordcount/run?epochs=weekly"), "[\"a\"]"), 400, "epochs");
        assertProblem(postJson(url("/flows/wordcount/run?workers=0"), "[\"a\"]"), 400, "workers must be");
        assertProblem(
                postJson(url("/flows/wordcount/run"), "[[9223372036854775807, \"a\"]]"),
                400,
                "pair 0 has the epoch 9223372036854775807, which the engine reserves");
    }

    /** Tomcat throws when it cannot decode the query string; that was a 500. */
    @Test
    void anUndecodableQueryStringIs400() {
        assertProblem(
                postJson(url("/flows/wordcount/run?workers=%FF"), "[]"),
                400,
                "the request's parameters cannot be read (Character decoding failed)");
        assertProblem(postJson(url("/flows/wordcount/run?epochs=single&x=%C0%AE"), "[]"), 400, "percent-encoded UTF-8");
        assertProblem(postJson(url("/flows/wordcount/run?=x"), "[]"), 400, "parameters cannot be read");
    }

    /** Half of a surrogate pair came back as "?": Hazelcast and the response write text as UTF-8. */
    @Test
    void aStringThatIsNotUnicodeIs400() {
        assertProblem(
                postJson(url("/flows/wordcount/run"), "[[0, \"a \\ud800 b\"]]"),
                400,
                "half of a surrogate pair (\\ud800 at index 2)");
        assertProblem(
                postJson(url("/flows/anomaly-detector/run?epochs=single"), "[[\"\\udc00\", 1]]"),
                400,
                "half of a surrogate pair");

        assertThat(pairs(postJson(url("/flows/wordcount/run"), "[[0, \"\\ud83d\\ude00 \\ud83d\\ude00\"]]")))
                .containsExactly("[0,[\"\uD83D\uDE00\",2]]");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "[[0, \"" + "x".repeat(70 * 1024) + "\"]]";

        assertProblem(postJson(url("/flows/wordcount/run"), big), 413, "at most 65536 bytes");
    }

    /** Found while an item was being converted, the limit was reported as the item not converting (400). */
    @Test
    void aBodyWithoutLengthThatReachesTheLimitInsideAnItemIs413() {
        String body = "[[0, {\"user\": 1, \"type\": \"" + "x".repeat(70 * 1024) + "\"}]]";

        assertProblem(
                ServiceTestSupport.postChunked(url("/flows/search-session/run"), body), 413, "at most 65536 bytes");
    }

    /** Requests Tomcat refuses before Spring sees them were answered with its HTML page. */
    @Test
    void aRequestTheWebServerRefusesIsAProblemToo() {
        for (String path : List.of("/jobs/a%2Fb/input/close", "/jobs/a%00b/input/close", "/flows/%FF/run")) {
            assertProblem(send("POST", url(path), "application/json", "[]", null), 400, "refused the request");
        }
        assertProblem(get(url("/flows/" + "x".repeat(10_000))), 400, "refused the request");
    }

    @Test
    void aWrongContentTypeIs415() {
        HttpResponse<String> response = send("POST", url("/flows/wordcount/run"), "text/plain", "[]", null);

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void anUnknownFlowRunIs404() {
        assertProblem(postJson(url("/flows/nope/run"), "[]"), 404, "no flow named 'nope'");
    }

    @Test
    void aBadRequestLeavesTheMemberHealthy() {
        postJson(url("/flows/pagerank/run?epochs=single"), "[\"no comma\"]");
        postJson(url("/flows/wordcount/run"), "[[0, ");

        assertThat(get(url("/actuator/health")).body()).contains("\"status\":\"UP\"");
        assertThat(pairs(postJson(url("/flows/wordcount/run?epochs=single"), "[\"ok\"]")))
                .containsExactly("[0,[\"ok\",1]]");
    }

    // --- cluster ---

    @Test
    void showsTheClusterWithThisMemberAsProcessZero() {
        JsonNode cluster = json(get(url("/cluster")));

        assertThat(cluster.get("name").asString()).startsWith("test-");
        assertThat(cluster.get("members").size()).isEqualTo(1);
        JsonNode self = cluster.get("members").get(0);
        assertThat(self.get("processId").asInt()).isZero();
        assertThat(self.get("self").asBoolean()).isTrue();
        assertThat(self.get("address").asString()).startsWith("127.0.0.1:");
    }

    private static List<String> pairs(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> pairs = new ArrayList<>();
        json(response).forEach(pair -> pairs.add(pair.toString()));
        return pairs;
    }
}
