package dev.sluice.server.web;

import io.swagger.v3.core.util.ObjectMapperFactory;
import io.swagger.v3.oas.models.examples.Example;

/** Examples of the OpenAPI document built in code, as swagger-core builds an {@code @ExampleObject}. */
public final class ApiExamples {

    private ApiExamples() {}

    /**
     * An example whose {@code value} is JSON text, shown as the JSON value it is; text that is not one
     * JSON value (NDJSON, an event stream) is shown as text, as {@code @ExampleObject} does.
     *
     * @param summary its summary, or {@code null} for none
     */
    public static Example of(String summary, String description, String value) {
        Example example = new Example().summary(summary).description(description);
        try {
            return example.value(
                    ObjectMapperFactory.buildStrictGenericObjectMapper().readTree(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return example.value(value);
        }
    }
}
