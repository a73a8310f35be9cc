package dev.sluice.server.web;

import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One documented error response: its status, what it means for the operations that list it, its
 * example problems (one, or several by name) and its headers. It is shown as {@code
 * application/problem+json} with the {@value ApiDocs#PROBLEM} schema.
 *
 * @param status the HTTP status, as the document's responses are keyed ({@code "404"})
 * @param description what the response means
 * @param examples its example problems: one without a name, or several, each named
 * @param headers its headers, by name
 */
public record ErrorDoc(String status, String description, List<ProblemExample> examples, Map<String, Header> headers) {

    public ErrorDoc {
        examples = List.copyOf(examples);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the " + status + " response '" + description + "' needs an example");
        }
        if (examples.size() > 1 && examples.stream().anyMatch(example -> example.name() == null)) {
            throw new IllegalArgumentException(
                    "the " + status + " response '" + description + "' has several examples: each needs a name");
        }
    }

    /** A response without headers. */
    public static ErrorDoc of(String status, String description, ProblemExample... examples) {
        return new ErrorDoc(status, description, List.of(examples), Map.of());
    }

    /** This response with a header more. */
    public ErrorDoc withHeader(String name, Header header) {
        Map<String, Header> more = new LinkedHashMap<>(headers);
        more.put(name, header);
        return new ErrorDoc(status, description, examples, more);
    }

    /** This response with the {@code Retry-After} header, which says when to try again. */
    public ErrorDoc withRetryAfter() {
        return withHeader(
                "Retry-After",
                new Header()
                        .description("Seconds to wait before sending the request again")
                        .schema(new JsonSchema().types(Set.of("integer"))));
    }

    /** The response in the OpenAPI model: a new one for each operation that lists it. */
    ApiResponse response() {
        MediaType problem = new MediaType().schema(new JsonSchema().$ref(ApiDocs.PROBLEM_REF));
        if (examples.size() == 1 && examples.get(0).name() == null) {
            problem.example(examples.get(0).value());
        } else {
            examples.forEach(e -> problem.addExamples(
                    e.name(), new Example().description(e.name()).value(e.value())));
        }
        ApiResponse response = new ApiResponse()
                .description(description)
                .content(new Content().addMediaType(ApiDocs.PROBLEM_JSON, problem));
        headers.forEach(response::addHeaderObject);
        return response;
    }
}
