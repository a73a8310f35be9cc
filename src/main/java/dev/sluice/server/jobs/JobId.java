package dev.sluice.server.jobs;

import io.swagger.v3.oas.annotations.Parameter;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The {@code {id}} of a job's paths as the OpenAPI document describes it, on the {@code @PathVariable}
 * of every job operation: {@code @JobId @PathVariable String id}. It brings the operation's {@code 404}
 * for an ID that names no job.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@Parameter(description = "The job's ID", example = "3f2c9a1b7d6e4c50")
@JobErrors(JobError.UNKNOWN_JOB)
@interface JobId {}
