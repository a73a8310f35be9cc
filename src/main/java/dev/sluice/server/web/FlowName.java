package dev.sluice.server.web;

import io.swagger.v3.oas.annotations.Parameter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code {name}} of a flow's paths as the OpenAPI document describes it, on the {@code
 * @PathVariable} of the flow and run operations: {@code @FlowName @PathVariable String name}. It
 * brings the operation's {@code 404} for a name that names no flow.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Parameter(description = "The flow's name", example = "wordcount")
@ApiErrors(ApiError.UNKNOWN_FLOW)
public @interface FlowName {}
