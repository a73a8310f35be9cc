package dev.sluice.server.runs;

import dev.sluice.server.web.ApiDocs;
import dev.sluice.server.web.ApiExamples;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Set;
import org.springdoc.core.customizers.OperationCustomizer;

/** The {@code 200} of the operations marked {@link RunOperation}, in the OpenAPI document. */
final class RunAnswers {

    private RunAnswers() {}

    private static final String STEPS_HEADER_DESCRIPTION = "With `?stats=true` only: what each step of the run did, "
            + "added up over every worker, as a JSON array in step order, e.g. `" + RunTimer.STEPS_EXAMPLE + "`";

    static OperationCustomizer documenter() {
        return (operation, handler) -> {
            RunOperation answer = handler.getMethodAnnotation(RunOperation.class);
            if (answer == null) {
                return operation;
            }
            ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
            return operation.responses(responses.addApiResponse("200", response(answer)));
        };
    }

    private static ApiResponse response(RunOperation answer) {
        String gives = " the `" + answer.of().exampleName() + "` example gives";
        String flow = answer.of().flow();
        MediaType json = new MediaType()
                .schema(new JsonSchema().$ref(ApiDocs.PAIRS_REF))
                .addExamples(flow, ApiExamples.of(null, "What" + gives, answer.output()));
        MediaType ndjson = new MediaType()
                .schema(new JsonSchema().$ref(ApiDocs.RUN_LINE_REF))
                .addExamples(flow, ApiExamples.of(null, "Part of what" + gives, ApiDocs.WORDCOUNT_OUTPUT_NDJSON));
        return new ApiResponse()
                .description("Every captured pair, in no particular order")
                .addHeaderObject(
                        RunController.STEPS_HEADER,
                        new Header()
                                .description(STEPS_HEADER_DESCRIPTION)
                                .style(Header.StyleEnum.SIMPLE)
                                .schema(new JsonSchema().types(Set.of("string"))))
                .content(new Content().addMediaType(ApiDocs.JSON, json).addMediaType(ApiDocs.NDJSON, ndjson));
    }
}
