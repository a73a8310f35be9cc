package dev.sluice.server.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * The OpenAPI document's header and the schemas of the wire format, which no Java type describes:
 * a pair is the array {@code [epoch, item]}, and an error an RFC 9457 problem. Servers are relative
 * ({@code /}), so the document is the same on every member and port, and {@code openapi/openapi.yaml}
 * can equal it; paths and schemas are sorted by name, so it is the same from run to run.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    /** The controllers' tags in the order Swagger UI shows them: what the service runs before how. */
    private static final List<String> TAG_ORDER = List.of("flows", "runs", "jobs", "cluster");

    @Bean
    OpenAPI sluiceOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Sluice")
                        .version("0.1")
                        .description("""
                                Dataflows (the bytewax 0.8 model) over HTTP, run on a Hazelcast Jet cluster.

                                On the wire an `(epoch, item)` pair is the JSON array `[epoch, item]` (the epoch a \
                                non-negative integer) and a key/value item is `[key, value]`. Errors are \
                                `application/problem+json` (RFC 9457). Any member answers for the whole cluster.

                                Streams (`application/x-ndjson`, `text/event-stream`) are bodies of lines or events: \
                                a media type's `x-line-schema` is the schema of each NDJSON line, and \
                                `x-event-data-schema` that of each event's `data`.

                                Authentication is optional (`sluice.security.enabled`, off by default): when it is on, \
                                every operation needs a bearer token or a configured user (`securitySchemes`) with the \
                                role in its `x-sluice-role`: `read` (reading flows, jobs, output, the cluster) or \
                                `operate` (runs, starting jobs, input, cancelling; it implies `read`), and answers \
                                `401` or `403` otherwise. This document, Swagger UI and `/actuator/health` stay open. \
                                When it is off, credentials are not needed and are ignored.""")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                .servers(List.of(new Server().url("/").description("this member")))
                .components(new Components()
                        .addSchemas(ApiDocs.PAIR, pair())
                        .addSchemas(
                                ApiDocs.PAIRS,
                                array(ref(ApiDocs.PAIR)).description("`[[epoch, item], …]`, in any epoch order"))
                        .addSchemas(
                                ApiDocs.ITEMS,
                                array(new JsonSchema().description("an item of the flow's input type"))
                                        .description(
                                                "`[item, …]`: the items alone, for `?epochs=single` (all in epoch 0) or "
                                                        + "`?epochs=ordered` (item i in epoch i)"))
                        .addSchemas(ApiDocs.PROBLEM, problem())
                        .addSchemas(
                                ApiDocs.RUN_LINE,
                                // if/then/else rather than oneOf: openapi-generator 7's Java client cannot compile a
                                // oneOf with an array member (it writes List<Object>.class); an untyped schema it
                                // takes as any value, while validators still check each line exactly
                                new JsonSchema()
                                        ._if(new JsonSchema().types(Set.of("array")))
                                        .then(ref(ApiDocs.PAIR))
                                        ._else(ref(ApiDocs.PROBLEM))
                                        .description("A line of a run's NDJSON answer: a captured `[epoch, item]` (a "
                                                + "`Pair`), or, as the last line of a run that failed after its "
                                                + "first pairs were sent, the problem that ended it (a `Problem`, an "
                                                + "object)")));
    }

    /**
     * The input bodies ({@link InputBody}), then the error responses each operation lists ({@link
     * DocumentsErrors}): in that order, since an operation with a body can get more errors. Last of the
     * operation customizers, since it sorts the responses the others add.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    OperationCustomizer sluiceErrorResponses() {
        OperationCustomizer bodies = InputBodies.documenter();
        OperationCustomizer errors = ErrorResponses.documenter();
        return (operation, handler) -> errors.customize(bodies.customize(operation, handler), handler);
    }

    /**
     * Streams as bodies of lines or events: an operation annotates its NDJSON or SSE content with the
     * schema of one line (or of one event's data), and the document shows the body as the byte stream
     * it is, with that schema in {@value #LINE_SCHEMA} (or {@value #EVENT_DATA_SCHEMA}). A generated
     * client then reads the stream rather than parsing it as one JSON value, and tests validate it line by
     * line (OpenAPI 3.2's {@code itemSchema} says the same; this document is 3.1).
     */
    @Bean
    OpenApiCustomizer sluiceStreams() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().values().stream()
                    .flatMap(path -> path.readOperations().stream())
                    .filter(operation -> operation.getResponses() != null)
                    .flatMap(operation -> operation.getResponses().values().stream())
                    .filter(response -> response.getContent() != null)
                    .forEach(response -> response.getContent().forEach(OpenApiConfiguration::asStream));
        };
    }

    /**
     * A nullable reference ({@code @Schema(nullable = true)} on a property of a schema type) as OpenAPI
     * 3.1 writes it, {@code anyOf: [{$ref: …}, {type: "null"}]}: swagger-core writes {@code type: "null"}
     * beside the {@code $ref}, which would mean "always null".
     */
    @Bean
    OpenApiCustomizer sluiceNullableReferences() {
        return openApi -> {
            if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
                return;
            }
            for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
                if (schema.getProperties() == null) {
                    continue;
                }
                schema.getProperties().replaceAll((name, property) -> {
                    boolean nullableRef = property.get$ref() != null
                            && (Boolean.TRUE.equals(property.getNullable())
                                    || (property.getTypes() != null
                                            && property.getTypes().contains("null")));
                    if (!nullableRef) {
                        return property;
                    }
                    return new JsonSchema()
                            .anyOf(List.of(ref(property.get$ref().substring(SCHEMAS.length())), nullSchema()))
                            .description(property.getDescription());
                });
            }
        };
    }

    private static final String SCHEMAS = "#/components/schemas/";

    private static Schema<?> nullSchema() {
        return new JsonSchema().types(Set.of("null"));
    }

    /** The extension that names the schema of each line of an NDJSON body. */
    public static final String LINE_SCHEMA = "x-line-schema";

    /** The extension that names the schema of each event's {@code data} in an event stream. */
    public static final String EVENT_DATA_SCHEMA = "x-event-data-schema";

    private static void asStream(String mediaType, io.swagger.v3.oas.models.media.MediaType content) {
        boolean lines = ApiDocs.NDJSON.equals(mediaType);
        boolean events = ApiDocs.EVENT_STREAM.equals(mediaType);
        if (!(lines || events)
                || content.getSchema() == null
                || content.getSchema().get$ref() == null) {
            return;
        }
        String ref = content.getSchema().get$ref();
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        content.schema(new JsonSchema()
                .types(Set.of("string"))
                .format("binary")
                .description(
                        lines
                                ? "NDJSON: one `" + name + "` per line, each line JSON text and then a newline"
                                : "Server-sent events: each event's `data` one `" + name + "`, its `id` the offset"));
        content.addExtension(lines ? LINE_SCHEMA : EVENT_DATA_SCHEMA, Map.of("$ref", ref));
    }

    /** Sorts paths and schemas by name, and the tags in {@link #TAG_ORDER}. */
    @Bean
    OpenApiCustomizer sluiceOpenApiOrder() {
        return openApi -> {
            if (openApi.getPaths() != null) {
                Paths sorted = new Paths();
                new TreeMap<>(openApi.getPaths()).forEach(sorted::addPathItem);
                sorted.setExtensions(openApi.getPaths().getExtensions());
                openApi.setPaths(sorted);
            }
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                openApi.getComponents()
                        .setSchemas(new LinkedHashMap<>(
                                new TreeMap<>(openApi.getComponents().getSchemas())));
            }
            if (openApi.getTags() != null) {
                openApi.setTags(openApi.getTags().stream()
                        .sorted(Comparator.comparingInt((Tag tag) -> {
                                    int index = TAG_ORDER.indexOf(tag.getName());
                                    return index < 0 ? TAG_ORDER.size() : index;
                                })
                                .thenComparing(Tag::getName))
                        .toList());
            }
        };
    }

    private static Schema<?> pair() {
        return new JsonSchema()
                .types(Set.of("array"))
                .prefixItems(List.of(
                        new JsonSchema()
                                .types(Set.of("integer"))
                                .format("int64")
                                .minimum(BigDecimal.ZERO)
                                .description("the epoch"),
                        new JsonSchema()
                                .description("the item: any JSON value of the flow's type; a key/value item "
                                        + "is `[key, value]`")))
                .minItems(2)
                .maxItems(2)
                .description("An `(epoch, item)` pair: `[epoch, item]`")
                .examples(List.of(List.of(0, "the quick brown fox"), List.of(3, List.of("cpu", 4.0))));
    }

    private static Schema<?> problem() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put(
                "type",
                string(
                        "uri",
                        "A URI naming the kind of problem; absent for the generic HTTP errors "
                                + "(`about:blank`: unsupported media type, unknown path, …)",
                        "https://sluice.dev/problems/unknown-flow"));
        properties.put("title", string(null, "The kind of problem, for people", "Unknown flow"));
        properties.put("status", integer("int32", "The HTTP status", 404));
        properties.put(
                "detail",
                string(
                        null,
                        "What went wrong in this request, naming the culprit",
                        "there is no flow named 'nope'; the flows are [anomaly-detector, pagerank, search-session, wordcount]"));
        properties.put(
                "instance", string("uri-reference", "The request's path, relative to the server", "/flows/nope/run"));
        properties.put("flow", string(null, "For a failed step (422): the flow", "pagerank"));
        properties.put("stepIndex", integer("int32", "For a failed step (422): the step's index in the flow", 0));
        properties.put("operator", string(null, "For a failed step (422): the step's operator", "map"));
        properties.put(
                "exception",
                string(
                        null,
                        "For a failed step (422): the class of what the step threw",
                        "java.lang.IllegalArgumentException"));
        properties.put(
                "firstKept",
                integer("int64", "For output gone (410): the first offset the job's output still keeps", 5000));
        properties.put(
                "backlogBytes",
                integer("int64", "For a full input backlog (429): the bytes the job's input holds", 66584123));
        properties.put(
                "maxBacklogBytes",
                integer("int64", "For a full input backlog (429): sluice.jobs.max-input-backlog", 67108864));
        properties.put("maxRunning", integer("int64", "For too many jobs (429): sluice.jobs.max-running", 1000));
        for (String which : List.of("lacking", "different")) {
            properties.put(
                    which,
                    new JsonSchema()
                            .types(Set.of("array"))
                            .items(new JsonSchema().types(Set.of("string")))
                            .description("For a flow not on every member (503): the members (host:port) that "
                                    + ("lacking".equals(which)
                                            ? "lack the flow or builder"
                                            : "have another build or configuration of it")));
        }
        return new JsonSchema()
                .types(Set.of("object"))
                .description("An RFC 9457 problem (`application/problem+json`); never a stack trace")
                .properties(properties)
                .required(List.of("title", "status", "detail"));
    }

    private static Schema<?> integer(String format, String description, long example) {
        return new JsonSchema()
                .types(Set.of("integer"))
                .format(format)
                .description(description)
                .examples(List.of(example));
    }

    private static Schema<?> string(String format, String description, String example) {
        return new JsonSchema()
                .types(Set.of("string"))
                .format(format)
                .description(description)
                .examples(List.of(example));
    }

    private static Schema<?> array(Schema<?> items) {
        return new JsonSchema().types(Set.of("array")).items(items);
    }

    private static Schema<?> ref(String name) {
        return new JsonSchema().$ref(SCHEMAS + name);
    }
}
