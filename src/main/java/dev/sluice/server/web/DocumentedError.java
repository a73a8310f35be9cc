package dev.sluice.server.web;

/**
 * An error response the OpenAPI document shows: a constant of a feature's enum of documented errors
 * ({@link ApiError} for those several features answer, e.g. {@code JobError} for the jobs' own), listed
 * on an operation by that enum's annotation ({@link DocumentsErrors}).
 */
public interface DocumentedError {

    /** The response: its status, what it means, its example problems. */
    ErrorDoc doc();
}
