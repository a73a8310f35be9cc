package dev.sluice.server.runs;

import dev.sluice.server.web.InputExample;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A run operation's {@code 200} in the OpenAPI document ({@link RunAnswers}): every captured pair, as
 * JSON or NDJSON, with the {@value RunController#STEPS_HEADER} header. Both run operations answer
 * alike; only what their examples show differs.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface RunAnswer {

    /** The request body's example whose output the answer's examples show. */
    InputExample of();

    /** That output, as the JSON answer. */
    String output();
}
