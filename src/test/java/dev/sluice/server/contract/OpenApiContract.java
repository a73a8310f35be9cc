package dev.sluice.server.contract;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code openapi/openapi.yaml} as a check of real responses. Atlassian's validator checks what the
 * response is (a status, content type and headers the operation documents); networknt's JSON Schema
 * validator checks the body against the media type's schema as OpenAPI 3.1 means it (JSON Schema
 * 2020-12: {@code type: [integer, "null"]}, {@code prefixItems}), which Atlassian's draft-04 checks
 * do not read. A stream (a media type with {@code x-line-schema} or {@code x-event-data-schema}) is
 * checked line by line, or event by event. Only requests to a path and method the document has are
 * checked: the rest (actuator, Swagger UI, unknown paths) is not part of the contract.
 */
public final class OpenApiContract {

    /** The document, from the project directory (where Maven runs the tests and the child members). */
    public static final Path DOCUMENT = Path.of("openapi/openapi.yaml");

    private static volatile OpenApiContract instance;

    private final OpenAPI api;
    private final OpenApiInteractionValidator validator;
    private final SchemaRegistry schemas;
    private final Map<String, com.networknt.schema.Schema> bodySchemas = new ConcurrentHashMap<>();
    private final List<Route> routes = new ArrayList<>();

    /** Where the schema registry finds the document (it is never fetched: the registry holds it). */
    private static final String DOCUMENT_URI = "https://sluice.dev/openapi.yaml";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private record Route(Pattern path, String template, PathItem item) {}

    private OpenApiContract(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(document, null, options);
        if (parsed.getOpenAPI() == null) {
            throw new IllegalStateException("openapi/openapi.yaml does not parse: " + parsed.getMessages());
        }
        this.api = parsed.getOpenAPI();
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                .withLevelResolver(LevelResolver.create()
                        // requests are the tests' own, often deliberately wrong: only responses are checked
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        // bodies are networknt's (below)
                        .withLevel("validation.response.body", ValidationReport.Level.IGNORE)
                        .build())
                .build();
        this.schemas = SchemaRegistry.withDefaultDialect(
                Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT_URI, document)));
        api.getPaths().forEach((template, item) -> routes.add(new Route(pattern(template), template, item)));
        // a literal segment wins over a parameter: /jobs/stats before /jobs/{id}
        routes.sort(java.util.Comparator.comparingLong(
                route -> route.template().chars().filter(c -> c == '{').count()));
    }

    /** The contract of this project's document, read once. */
    public static OpenApiContract get() {
        if (instance == null) {
            synchronized (OpenApiContract.class) {
                if (instance == null) {
                    try {
                        instance = new OpenApiContract(Files.readString(DOCUMENT, StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return instance;
    }

    /** A contract of another document, for the tests of this class. */
    static OpenApiContract of(String document) {
        return new OpenApiContract(document);
    }

    /**
     * What in a response breaks the document: empty when it keeps it, or when the request is not one the
     * document describes.
     *
     * @param method the request's method
     * @param path the request's path, without the query
     * @param status the response's status
     * @param contentType the response's {@code Content-Type}, or null
     * @param headers the response's headers (those the document may describe: {@code Location}, …)
     * @param body the body as sent, or null when it was not captured whole
     */
    public List<String> check(
            String method, String path, int status, String contentType, Map<String, String> headers, String body) {
        Optional<Route> route =
                routes.stream().filter(r -> r.path().matcher(path).matches()).findFirst();
        if (route.isEmpty()) {
            return List.of();
        }
        Operation operation = operation(route.get().item(), method);
        if (operation == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        String where = method + " " + path + " → " + status + " " + contentType + ": ";
        MediaType stream = streamMediaType(operation, status, contentType);
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        if (contentType != null) {
            response.withContentType(contentType);
        }
        headers.forEach(response::withHeader);
        ValidationReport report = validator.validateResponse(
                path, Request.Method.valueOf(method.toUpperCase(Locale.ROOT)), response.build());
        report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .forEach(message -> problems.add(where + message.getKey() + ": " + message.getMessage()));
        if (body == null || !problems.isEmpty()) {
            return problems;
        }
        String mediaType =
                contentType == null ? null : contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        if (stream != null) {
            problems.addAll(checkStream(where, stream, body));
        } else if (mediaType != null && (mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            String pointer = "/paths/" + escape(route.get().template()) + "/" + method.toLowerCase(Locale.ROOT)
                    + "/responses/" + status + "/content/" + escape(mediaType) + "/schema";
            problems.addAll(checkJson(where + "body ", pointer, body));
        }
        return problems;
    }

    private List<String> checkStream(String where, MediaType stream, String body) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> extensions = stream.getExtensions();
        boolean lines = extensions.containsKey(LINE_SCHEMA);
        String pointer = pointerOf(extensions.get(lines ? LINE_SCHEMA : EVENT_DATA_SCHEMA));
        List<String> values = new ArrayList<>();
        if (lines) {
            body.lines().forEach(values::add);
            if (!body.isEmpty() && !body.endsWith("\n")) {
                problems.add(where + "the NDJSON body does not end with a newline");
            }
        } else {
            for (String event : body.split("\n\n")) {
                for (String line : event.split("\n")) {
                    if (line.startsWith("data:")) {
                        values.add(line.substring("data:".length()).strip());
                    } else if (!line.isEmpty()
                            && !line.startsWith(":")
                            && !line.startsWith("id:")
                            && !line.startsWith("event:")
                            && !line.startsWith("retry:")) {
                        problems.add(where + "an event stream line that is no SSE field: " + line);
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            problems.addAll(checkJson(where + (lines ? "line " : "event ") + i + " ", pointer, values.get(i)));
        }
        return problems;
    }

    private static final String LINE_SCHEMA = "x-line-schema";
    private static final String EVENT_DATA_SCHEMA = "x-event-data-schema";

    private static String pointerOf(Object extension) {
        if (!(extension instanceof Map<?, ?> map) || !(map.get("$ref") instanceof String ref) || !ref.startsWith("#")) {
            throw new IllegalStateException("a stream's line schema must be {$ref: '#/…'}, got " + extension);
        }
        return ref.substring(1);
    }

    /** What in {@code json} breaks the schema at {@code pointer} in the document. */
    private List<String> checkJson(String where, String pointer, String json) {
        JsonNode value;
        try {
            value = JSON.readTree(json);
        } catch (RuntimeException e) {
            return List.of(
                    where + "is not JSON (" + e.getMessage().lines().findFirst().orElse("") + "): " + json);
        }
        com.networknt.schema.Schema schema =
                bodySchemas.computeIfAbsent(pointer, p -> schemas.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + p)));
        return schema.validate(value).stream()
                .map(error -> where + error.getInstanceLocation() + ": " + error.getMessage() + " (schema "
                        + error.getSchemaLocation() + ")")
                .toList();
    }

    /** A JSON pointer's escaping of one key. */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** The stream media type a response has, or null when it is not a documented stream. */
    private static MediaType streamMediaType(Operation operation, int status, String contentType) {
        if (contentType == null || operation.getResponses() == null) {
            return null;
        }
        ApiResponse response = operation.getResponses().get(String.valueOf(status));
        if (response == null || response.getContent() == null) {
            return null;
        }
        String type = contentType.split(";")[0].strip().toLowerCase(Locale.ROOT);
        MediaType media = response.getContent().get(type);
        if (media == null || media.getExtensions() == null) {
            return null;
        }
        return media.getExtensions().containsKey(LINE_SCHEMA)
                        || media.getExtensions().containsKey(EVENT_DATA_SCHEMA)
                ? media
                : null;
    }

    private static Operation operation(PathItem item, String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET" -> item.getGet();
            case "POST" -> item.getPost();
            case "PUT" -> item.getPut();
            case "DELETE" -> item.getDelete();
            case "PATCH" -> item.getPatch();
            case "HEAD" -> item.getHead();
            case "OPTIONS" -> item.getOptions();
            default -> null;
        };
    }

    /** {@code /jobs/{id}/output} as a pattern of one path segment per parameter. */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("(?=\\{)|(?<=})")) {
            regex.append(part.startsWith("{") ? "[^/]+" : Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
