package dev.sluice.server.web;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import java.lang.reflect.Method;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.web.method.HandlerMethod;

/** The request bodies of the operations marked {@link InputBody}, in the OpenAPI document. */
final class InputBodies {

    private InputBodies() {}

    static OperationCustomizer documenter() {
        return (Operation operation, HandlerMethod handler) -> {
            InputBody body = handler.getMethodAnnotation(InputBody.class);
            return body == null ? operation : operation.requestBody(requestBody(handler.getMethod(), body));
        };
    }

    /**
     * @throws IllegalStateException when the examples are of several shapes (pairs and plain items): a
     *     body has one schema
     */
    private static RequestBody requestBody(Method method, InputBody body) {
        InputExample.Shape shape = body.value()[0].shape;
        MediaType json = new MediaType().schema(new JsonSchema().$ref(shape.schemaRef));
        for (InputExample example : body.value()) {
            if (example.shape != shape) {
                throw new IllegalStateException(method + " shows " + body.value()[0] + " and " + example
                        + " as examples of its body, which has one schema: list examples of one shape");
            }
            json.addExamples(example.exampleName(), example.example(body.sentTo()));
        }
        return new RequestBody()
                .description(shape.description)
                .required(true)
                .content(new Content().addMediaType(ApiDocs.JSON, json));
    }
}
