package dev.sluice.server.runs;

import static dev.sluice.server.runs.RunError.INVALID_RUN_REQUEST;
import static dev.sluice.server.runs.RunError.RUN_UNAVAILABLE;
import static dev.sluice.server.runs.RunError.STEP_FAILED;
import static dev.sluice.server.runs.RunError.TOO_MANY_RUNS;
import static dev.sluice.server.web.ApiError.BODY_TOO_LARGE;
import static dev.sluice.server.web.ApiError.NOT_JSON;

import dev.sluice.server.web.ApiDocs;
import dev.sluice.server.web.ApiErrors;
import dev.sluice.server.web.InputExample;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.core.annotation.AliasFor;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * A run operation: what both declare alike. It is their mapping ({@code POST} of JSON, answered in
 * JSON or NDJSON at {@link #path}) and their answers in the OpenAPI document: the {@code 200} ({@link
 * RunAnswers}), every captured pair with the {@value RunController#STEPS_HEADER} header, and the errors
 * it carries (an unknown flow is {@code @FlowName}'s). Only the path and what the examples show differ.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@RequestMapping(
        method = RequestMethod.POST,
        consumes = ApiDocs.JSON,
        produces = {ApiDocs.JSON, ApiDocs.NDJSON})
@RunErrors({INVALID_RUN_REQUEST, STEP_FAILED, TOO_MANY_RUNS, RUN_UNAVAILABLE})
@ApiErrors({BODY_TOO_LARGE, NOT_JSON})
@interface RunOperation {

    /** The operation's path. */
    @AliasFor(annotation = RequestMapping.class, attribute = "path")
    String path();

    /** The request body's example whose output the answer's examples show. */
    InputExample of();

    /** That output, as the JSON answer. */
    String output();
}
