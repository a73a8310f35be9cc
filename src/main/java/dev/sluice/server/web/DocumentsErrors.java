package dev.sluice.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an annotation that lists the error responses of an operation: its {@code value()} is an array
 * of an enum of {@link DocumentedError}s. Java takes no interface as an annotation's element type, so
 * each feature that has errors of its own declares its enum and such an annotation beside it ({@link
 * ApiErrors} is the one for {@link ApiError}); {@link ErrorResponses} reads every one of them on an
 * operation, e.g. {@code @JobErrors({UNKNOWN_JOB, INPUT_REFUSED}) @ApiErrors({BODY_TOO_LARGE, NOT_JSON})},
 * and those on a feature's annotation for a kind of operation that it carries ({@code RunOperation}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.ANNOTATION_TYPE)
public @interface DocumentsErrors {}
