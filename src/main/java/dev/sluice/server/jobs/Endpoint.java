package dev.sluice.server.jobs;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.sluice.server.kafka.KafkaEpochs;
import dev.sluice.server.kafka.KafkaSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.Serializable;
import java.util.Map;

/**
 * Where a job's input comes from or its output goes, as a request names it and the job view shows it.
 * The Kafka fields are left out of the JSON of other types; a view shows a Kafka endpoint's
 * {@code properties} masked ({@link KafkaSettings#masked}).
 *
 * @param type {@code http}, {@code builder} or {@code kafka}
 * @param name the builder bean's name, for {@code builder}
 * @param bootstrapServers for {@code kafka}: the brokers, {@code host:port,…}
 * @param topic for {@code kafka}: the topic read or written
 * @param epochs for a {@code kafka} input: how records get their epochs (default by timestamp, 1000 ms)
 * @param idleTimeoutMillis for a {@code kafka} input: after how long without records a partition stops
 *     holding the job's progress back
 * @param properties for {@code kafka}: more Kafka client properties
 */
record Endpoint(
        @Schema(
                description = "`http`, `builder` for a builder bean, or `kafka` for a Kafka topic",
                allowableValues = {"http", "builder", "kafka"},
                example = "http")
        String type,

        @Schema(
                description = "For `builder`: the builder bean's name; null (or left out) for `http` and `kafka`",
                types = {"string", "null"},
                example = "steady-readings")
        String name,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "For `kafka`: the brokers to connect to, `host:port` separated by commas",
                example = "localhost:9092")
        String bootstrapServers,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "For `kafka`: the topic the job reads (input) or writes (output)", example = "lines")
        String topic,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "For a `kafka` input: how records get their epochs (default: by timestamp, 1000 ms)")
        KafkaEpochs epochs,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "For a `kafka` input: milliseconds after which a partition without new records stops "
                        + "holding the job's progress back (default " + KafkaSettings.DEFAULT_IDLE_TIMEOUT_MILLIS
                        + "), 1 to 3600000",
                example = "10000")
        Long idleTimeoutMillis,

        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(
                description = "For `kafka`: more Kafka client properties (security, say). Job views show their keys "
                        + "only, every value masked")
        Map<String, String> properties)
        implements Serializable {

    static final String HTTP = "http";
    static final String BUILDER = "builder";
    static final String KAFKA = "kafka";
    static final Endpoint HTTP_ENDPOINT = new Endpoint(HTTP, null);

    /** An {@code http} or {@code builder} endpoint. */
    Endpoint(String type, String name) {
        this(type, name, null, null, null, null, null);
    }

    @JsonIgnore
    boolean isHttp() {
        return HTTP.equals(type);
    }

    @JsonIgnore
    boolean isKafka() {
        return KAFKA.equals(type);
    }

    /** A builder bean's endpoint, whose {@link #name} names the bean. */
    @JsonIgnore
    boolean isBuilder() {
        return BUILDER.equals(type);
    }

    /** What it is, in a message: {@code the builder 'x'}, {@code the Kafka topic 't'} or {@code HTTP}. */
    String describe() {
        return isKafka() ? "the Kafka topic '" + topic + "'" : isBuilder() ? "the builder '" + name + "'" : "HTTP";
    }

    /** This endpoint with its properties' values masked: what is stored and shown. */
    Endpoint masked() {
        return properties == null
                ? this
                : new Endpoint(
                        type,
                        name,
                        bootstrapServers,
                        topic,
                        epochs,
                        idleTimeoutMillis,
                        KafkaSettings.masked(properties));
    }

    /** Never the properties' values: a request is logged and compared by its text (idempotency keys). */
    @Override
    public String toString() {
        return "Endpoint[type=" + type + ", name=" + name + ", bootstrapServers=" + bootstrapServers + ", topic="
                + topic + ", epochs=" + epochs + ", idleTimeoutMillis=" + idleTimeoutMillis + ", properties="
                + (properties == null ? null : KafkaSettings.masked(properties)) + "]";
    }
}
