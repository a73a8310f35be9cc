package dev.sluice.server.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The shared error responses an operation documents ({@link ApiError}), in the OpenAPI document. */
@Documented
@DocumentsErrors
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
public @interface ApiErrors {

    ApiError[] value();
}
