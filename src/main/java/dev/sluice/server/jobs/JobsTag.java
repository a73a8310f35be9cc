package dev.sluice.server.jobs;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code jobs} tag of the OpenAPI document, on each of the jobs' controllers: its description said
 * once, so that the controllers cannot tell it apart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(name = "jobs", description = "Long-running jobs fed over HTTP or by input builders")
@interface JobsTag {}
