package dev.sluice.server.runs;

import static dev.sluice.server.runs.RunError.INVALID_RUN_REQUEST;
import static dev.sluice.server.runs.RunError.RUN_UNAVAILABLE;
import static dev.sluice.server.runs.RunError.STEP_FAILED;
import static dev.sluice.server.runs.RunError.TOO_MANY_RUNS;
import static dev.sluice.server.web.ApiError.BODY_TOO_LARGE;
import static dev.sluice.server.web.ApiError.NOT_JSON;
import static dev.sluice.server.web.ApiError.UNKNOWN_FLOW;

import dev.sluice.server.web.ApiErrors;
import dev.sluice.server.web.InputExample;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A run operation's answers in the OpenAPI document: its {@code 200} ({@link RunAnswers}), every
 * captured pair as JSON or NDJSON with the {@value RunController#STEPS_HEADER} header, and the errors
 * it carries. Both run operations answer alike; only what their examples show differs.
 */
@Documented
@RunErrors({INVALID_RUN_REQUEST, STEP_FAILED, TOO_MANY_RUNS, RUN_UNAVAILABLE})
@ApiErrors({UNKNOWN_FLOW, BODY_TOO_LARGE, NOT_JSON})
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface RunAnswer {

    /** The request body's example whose output the answer's examples show. */
    InputExample of();

    /** That output, as the JSON answer. */
    String output();
}
