package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code openapi/openapi.yaml} is the served document ({@code /v3/api-docs.yaml}), so the API's
 * contract is reviewed in every change that alters it. To regenerate the file after a deliberate
 * change: {@code mvn -B test -Dtest=OpenApiDocumentTest -Dsluice.openapi.write=true}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTest {

    private static final Path FILE = Path.of("openapi/openapi.yaml");

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @Test
    void theCommittedDocumentIsTheServedOne() throws IOException {
        HttpResponse<String> served = ServiceTestSupport.get("http://127.0.0.1:" + port + "/v3/api-docs.yaml");
        assertThat(served.statusCode()).isEqualTo(200);

        if (Boolean.getBoolean("sluice.openapi.write")) {
            Files.writeString(FILE, served.body(), StandardCharsets.UTF_8);
        }

        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as("openapi/openapi.yaml differs from /v3/api-docs.yaml; regenerate it with "
                        + "mvn -B test -Dtest=OpenApiDocumentTest -Dsluice.openapi.write=true")
                .isEqualTo(served.body());
    }

    @Test
    void theDocumentListsEveryOperation() throws IOException {
        String document = Files.readString(FILE, StandardCharsets.UTF_8);

        assertThat(document)
                .contains(
                        "/flows:",
                        "/flows/{name}:",
                        "/flows/{name}/run:",
                        "/flows/{name}/run/items:",
                        "/cluster:",
                        "/flows/{name}/jobs:",
                        "/jobs:",
                        "/jobs/{id}:",
                        "/jobs/{id}/input:",
                        "/jobs/{id}/input/close:",
                        "/jobs/{id}/output:");
    }

    @Test
    void theDocumentDescribesBodiesAndErrors() {
        JsonNode document = JsonMapper.builder()
                .build()
                .readTree(ServiceTestSupport.get("http://127.0.0.1:" + port + "/v3/api-docs")
                        .body());
        JsonNode schemas = document.get("components").get("schemas");
        JsonNode pair = schemas.get("Pair");
        assertThat(pair.get("prefixItems").size()).isEqualTo(2);
        assertThat(pair.get("minItems").asInt()).isEqualTo(2);
        assertThat(pair.get("maxItems").asInt()).isEqualTo(2);
        assertThat(schemas.has("Problem")).isTrue();

        JsonNode run = document.get("paths").get("/flows/{name}/run").get("post");
        JsonNode runBody = run.get("requestBody").get("content").get("application/json");
        // one body shape per operation: pairs to /run, plain items to /run/items
        assertThat(runBody.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/Pairs");
        assertThat(runBody.get("examples").propertyNames()).contains("pairs");
        JsonNode runItems = document.get("paths").get("/flows/{name}/run/items").get("post");
        JsonNode itemsBody = runItems.get("requestBody").get("content").get("application/json");
        assertThat(itemsBody.get("schema").get("$ref").asString()).isEqualTo("#/components/schemas/Items");
        assertThat(itemsBody.get("examples").propertyNames()).contains("items");
        assertProblems(runItems, "400", "404", "413", "415", "422", "503");
        assertThat(run.get("responses").get("200").get("content").propertyNames())
                .containsExactlyInAnyOrder("application/json", "application/x-ndjson");
        assertProblems(run, "400", "404", "413", "415", "422", "503");

        JsonNode start = document.get("paths").get("/flows/{name}/jobs").get("post");
        assertThat(start.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/JobRequest");
        assertThat(start.get("responses").get("201").get("headers").has("Location"))
                .isTrue();
        assertProblems(start, "400", "404", "415");

        JsonNode input = document.get("paths").get("/jobs/{id}/input").get("post");
        assertThat(input.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Pairs");
        assertProblems(input, "400", "404", "409", "413", "415");

        JsonNode output = document.get("paths").get("/jobs/{id}/output").get("get");
        assertThat(output.get("responses").get("200").get("content").propertyNames())
                .containsExactlyInAnyOrder("application/x-ndjson", "text/event-stream");
        assertProblems(output, "400", "404");
    }

    @Test
    void streamsAreDescribedLineByLine() {
        JsonNode document = served();
        JsonNode ndjson = document.get("paths")
                .get("/jobs/{id}/output")
                .get("get")
                .get("responses")
                .get("200")
                .get("content");
        assertThat(ndjson.get("application/x-ndjson").get("schema").get("type").asString())
                .isEqualTo("string");
        assertThat(ndjson.get("application/x-ndjson")
                        .get("x-line-schema")
                        .get("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Pair");
        assertThat(ndjson.get("text/event-stream")
                        .get("x-event-data-schema")
                        .get("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Pair");
    }

    @Test
    void jobViewsSayWhatMayBeNullAndWhichStatusesThereAre() {
        JsonNode schemas = served().get("components").get("schemas");
        JsonNode job = schemas.get("JobView").get("properties");
        assertThat(job.get("completedAt").get("type").toString()).contains("null");
        assertThat(job.get("lowestOpenEpoch").get("type").toString()).contains("null");
        assertThat(job.get("failure").get("anyOf").toString()).contains("#/components/schemas/JobFailure", "\"null\"");
        assertThat(job.get("status").get("enum").toString()).contains("RUNNING", "CANCELLING", "CANCELLED");
        job.properties()
                .forEach(property -> assertThat(property.getValue().has("description"))
                        .as("JobView.%s has a description", property.getKey())
                        .isTrue());
        assertThat(schemas.get("Problem")
                        .get("properties")
                        .get("instance")
                        .get("format")
                        .asString())
                .isEqualTo("uri-reference");
        assertThat(schemas.has("ClusterView")).isTrue();
        // issue 12: no longer `security: []`; either scheme, needed when sluice.security.enabled is true
        assertThat(served().get("security").toString()).isEqualTo("[{\"bearerToken\":[]},{\"basicUser\":[]}]");
        assertThat(served().get("components").get("securitySchemes").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("bearerToken", "basicUser");
    }

    /** Generic, so that operations and schemas added later are held to it too. */
    @Test
    void everyFieldAndParameterIsDescribed() {
        JsonNode document = served();
        document.get("components").get("schemas").properties().forEach(schema -> {
            JsonNode properties = schema.getValue().path("properties");
            properties
                    .properties()
                    .forEach(property -> assertThat(property.getValue().has("description"))
                            .as("%s.%s has a description", schema.getKey(), property.getKey())
                            .isTrue());
        });
        document.get("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    for (JsonNode parameter : operation.getValue().path("parameters")) {
                        assertThat(parameter.has("description"))
                                .as(
                                        "%s %s ?%s has a description",
                                        operation.getKey(), path.getKey(), parameter.get("name"))
                                .isTrue();
                    }
                    assertThat(operation.getValue().path("responses").properties().stream()
                                    .map(java.util.Map.Entry::getKey)
                                    .anyMatch(status -> status.startsWith("4")))
                            .as("%s %s documents a 4xx", operation.getKey(), path.getKey())
                            .isTrue();
                }));
    }

    private JsonNode served() {
        return JsonMapper.builder()
                .build()
                .readTree(ServiceTestSupport.get("http://127.0.0.1:" + port + "/v3/api-docs")
                        .body());
    }

    private static void assertProblems(JsonNode operation, String... statuses) {
        JsonNode responses = operation.get("responses");
        for (String status : statuses) {
            assertThat(responses.has(status))
                    .as(operation.get("operationId") + " documents " + status)
                    .isTrue();
            assertThat(responses
                            .get(status)
                            .get("content")
                            .get("application/problem+json")
                            .get("schema")
                            .get("$ref")
                            .asString())
                    .isEqualTo("#/components/schemas/Problem");
        }
    }
}
