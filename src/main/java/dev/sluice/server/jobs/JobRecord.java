package dev.sluice.server.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;

/**
 * What the cluster remembers of a job, in the {@value JobStore#JOBS} map, so that every member can
 * answer for it. Its status lives in Jet and is read when asked.
 *
 * @param id the job's ID in paths
 * @param flow the flow's name
 * @param jetJobId the Jet job running it
 * @param input {@code http}, or the name of an input builder bean
 * @param output {@code http}, or the name of an output builder bean
 * @param processes the members when it started
 * @param workersPerProcess workers on each member
 * @param submittedAt when it was started, in epoch milliseconds
 * @param processingGuarantee {@code exactly-once}, {@code at-least-once} or {@code none}
 * @param snapshotIntervalMillis how often it takes a snapshot; 0 without a guarantee
 */
public record JobRecord(String id, String flow, long jetJobId, Endpoint input, Endpoint output, int processes,
        int workersPerProcess, long submittedAt, String processingGuarantee, long snapshotIntervalMillis)
        implements Serializable {

    /**
     * Where a job's input comes from or its output goes.
     *
     * @param type {@code http} or {@code builder}
     * @param name the builder bean's name, for {@code builder}
     */
    public record Endpoint(
            @Schema(description = "`http`, or `builder` for a builder bean", allowableValues = {"http", "builder"},
                    example = "http") String type,
            @Schema(description = "For `builder`: the builder bean's name", example = "steady-readings") String name)
            implements Serializable {

        public static final String HTTP = "http";
        public static final String BUILDER = "builder";

        @JsonIgnore
        public boolean isHttp() {
            return HTTP.equals(type);
        }
    }
}
