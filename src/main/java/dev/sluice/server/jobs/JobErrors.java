package dev.sluice.server.jobs;

import dev.sluice.server.web.DocumentsErrors;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The jobs' own error responses an operation documents ({@link JobError}), in the OpenAPI document. */
@Documented
@DocumentsErrors
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@interface JobErrors {

    JobError[] value();
}
