package dev.sluice.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The request body of an operation that reads a flow's input from the request itself (no
 * {@code @RequestBody} parameter): required JSON of the examples' shape, with these examples, in the
 * OpenAPI document ({@link InputBodies}), e.g. {@code @InputBody(value = {WORDCOUNT_PAIRS,
 * ANOMALY_PAIRS}, sentTo = "`POST /flows/{flow}/run`")}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface InputBody {

    /** The examples in the order shown, all of one {@link InputExample.Shape}. */
    InputExample[] value();

    /** Each example's description: where it is sent, {@code {flow}} standing for the example's flow. */
    String sentTo();
}
