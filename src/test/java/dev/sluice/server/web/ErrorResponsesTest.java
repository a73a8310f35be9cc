package dev.sluice.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.web.method.HandlerMethod;

/**
 * An operation's error responses come from every annotation that documents errors, a feature's own
 * beside {@link ApiErrors}, with those every operation can answer, in status order.
 */
class ErrorResponsesTest {

    /** A feature's own documented errors, as {@code JobError} is. */
    enum FeatureError implements DocumentedError {
        GONE(ErrorDoc.of("410", "It is gone", ProblemExample.of(ProblemType.OUTPUT_GONE, "gone", "/things/1"))),
        CONFLICT(ErrorDoc.of(
                "409", "It conflicts", ProblemExample.of(ProblemType.INPUT_CONFLICT, "conflict", "/things/1")));

        private final ErrorDoc doc;

        FeatureError(ErrorDoc doc) {
            this.doc = doc;
        }

        @Override
        public ErrorDoc doc() {
            return doc;
        }
    }

    @DocumentsErrors
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
    @interface FeatureErrors {
        FeatureError[] value();
    }

    /** A feature's annotation for a kind of operation, carrying the errors each of them lists. */
    @FeatureErrors(FeatureError.GONE)
    @ApiErrors(ApiError.UNKNOWN_FLOW)
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface FeatureOperation {}

    /** A feature's annotation for a parameter, carrying the errors it brings. */
    @FeatureErrors(FeatureError.GONE)
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.PARAMETER)
    @interface FeatureId {}

    static class Controller {
        @FeatureErrors({FeatureError.GONE, FeatureError.CONFLICT})
        @ApiErrors(ApiError.UNKNOWN_FLOW)
        void both() {}

        @FeatureErrors(FeatureError.CONFLICT)
        @ApiErrors({ApiError.NOT_JSON, ApiError.BODY_TOO_LARGE})
        void withBody() {}

        @ApiErrors({ApiError.UNAVAILABLE, ApiError.NO_CLUSTER})
        void twoOfOneStatus() {}

        void none() {}

        @FeatureOperation
        @FeatureErrors(FeatureError.CONFLICT)
        void ofAKind() {}

        @ApiErrors(ApiError.NOT_JSON)
        void withId(@FeatureId String id) {}
    }

    private static Method method(String name) throws NoSuchMethodException {
        return Controller.class.getDeclaredMethod(name);
    }

    private static ApiResponses documented(String name, boolean body) throws NoSuchMethodException {
        Operation operation = new Operation()
                .responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("ok")));
        if (body) {
            operation.requestBody(new RequestBody());
        }
        HandlerMethod handler = new HandlerMethod(new Controller(), method(name));
        return ErrorResponses.documenter().customize(operation, handler).getResponses();
    }

    @Test
    void aFeaturesOwnErrorsAreListedWithTheSharedOnes() throws NoSuchMethodException {
        assertThat(ErrorResponses.listed(method("both")))
                .containsExactly(FeatureError.GONE, FeatureError.CONFLICT, ApiError.UNKNOWN_FLOW);
    }

    @Test
    void anAnnotationForAKindOfOperationCarriesItsErrors() throws NoSuchMethodException {
        assertThat(ErrorResponses.listed(method("ofAKind")))
                .containsExactlyInAnyOrder(FeatureError.GONE, ApiError.UNKNOWN_FLOW, FeatureError.CONFLICT);
    }

    @Test
    void aParametersAnnotationBringsItsErrors() throws NoSuchMethodException {
        assertThat(ErrorResponses.listed(Controller.class.getDeclaredMethod("withId", String.class)))
                .containsExactly(ApiError.NOT_JSON, FeatureError.GONE);
    }

    @Test
    void everyOperationGetsTheCommonErrorsInStatusOrder() throws NoSuchMethodException {
        ApiResponses responses = documented("both", false);

        assertThat(responses.keySet()).containsExactly("200", "401", "403", "404", "406", "409", "410", "503");
        assertThat(responses.get("410").getDescription()).isEqualTo("It is gone");
        assertThat(responses.get("410").getContent().get(ApiDocs.PROBLEM_JSON).getExample())
                .isEqualTo(FeatureError.GONE.doc().examples().get(0).value());
        assertThat(responses.get("503").getContent().get(ApiDocs.PROBLEM_JSON).getExamples())
                .containsOnlyKeys("shutting down", "no cluster");
    }

    @Test
    void anOperationWithABodyGetsTheBodyErrorsUnlessItListsThem() throws NoSuchMethodException {
        ApiResponses responses = documented("withBody", true);

        assertThat(responses.keySet()).containsExactly("200", "401", "403", "406", "408", "409", "413", "415", "503");
        assertThat(documented("none", false).keySet()).containsExactly("200", "401", "403", "406", "503");
    }

    @Test
    void twoErrorsOfOneStatusAreRefused() {
        assertThatThrownBy(() -> ErrorResponses.listed(method("twoOfOneStatus")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("documents two 503 responses, UNAVAILABLE and NO_CLUSTER");
    }

    @Test
    void aResponseWithSeveralExamplesNamesEach() {
        ProblemExample unnamed = ProblemExample.of(ProblemType.NO_CLUSTER, "no cluster", "/cluster");

        assertThatThrownBy(() -> ErrorDoc.of("503", "Unavailable", unnamed, ProblemExample.shuttingDown()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("several examples: each needs a name");
    }
}
