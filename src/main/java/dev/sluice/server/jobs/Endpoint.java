package dev.sluice.server.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * Where a job's input comes from or its output goes, as a request names it and the job view shows it.
 *
 * @param type {@code http} or {@code builder}
 * @param name the builder bean's name, for {@code builder}
 */
record Endpoint(
        @Schema(
                description = "`http`, or `builder` for a builder bean",
                allowableValues = {"http", "builder"},
                example = "http")
        String type,

        @Schema(
                description = "For `builder`: the builder bean's name; null (or left out) for `http`",
                types = {"string", "null"},
                example = "steady-readings")
        String name)
        implements Serializable {

    static final String HTTP = "http";
    static final String BUILDER = "builder";
    static final Endpoint HTTP_ENDPOINT = new Endpoint(HTTP, null);

    @JsonIgnore
    boolean isHttp() {
        return HTTP.equals(type);
    }
}
