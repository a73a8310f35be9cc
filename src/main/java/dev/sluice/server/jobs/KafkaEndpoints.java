package dev.sluice.server.jobs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import dev.sluice.server.kafka.KafkaEpochs;
import dev.sluice.server.kafka.KafkaJobs;
import dev.sluice.server.kafka.KafkaSettings;
import java.util.Map;

/** The {@code kafka} endpoints of job requests: checked as a request gives them, and built for a job. */
final class KafkaEndpoints {

    private KafkaEndpoints() {}

    /**
     * A request's Kafka endpoint, checked, with its defaults filled in.
     *
     * @param role {@code input} or {@code output}
     * @throws InvalidJobRequestException naming the field that is wrong
     */
    static Endpoint checked(String role, Endpoint endpoint) {
        try {
            if (endpoint.name() != null) {
                throw new IllegalArgumentException("name is for a builder; a kafka " + role + " has none");
            }
            KafkaSettings.check(endpoint.bootstrapServers(), endpoint.topic(), endpoint.properties());
            Map<String, String> properties = endpoint.properties() == null ? null : Map.copyOf(endpoint.properties());
            if (role.equals("output")) {
                if (endpoint.epochs() != null || endpoint.idleTimeoutMillis() != null) {
                    throw new IllegalArgumentException("epochs and idleTimeoutMillis are for a kafka input; an "
                            + "output's records carry the epoch of their pair in a header");
                }
                return new Endpoint(
                        Endpoint.KAFKA, null, endpoint.bootstrapServers(), endpoint.topic(), null, null, properties);
            }
            KafkaEpochs epochs = endpoint.epochs() == null
                    ? KafkaEpochs.DEFAULT
                    : endpoint.epochs().checked();
            return new Endpoint(
                    Endpoint.KAFKA,
                    null,
                    endpoint.bootstrapServers(),
                    endpoint.topic(),
                    epochs,
                    KafkaJobs.idleTimeoutMillis(endpoint.idleTimeoutMillis()),
                    properties);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobRequestException("the kafka " + role + ": " + e.getMessage());
        }
    }

    /** The input of a job reading a checked endpoint for the flow. */
    static InputBuilderFn<Object> input(Endpoint input, Dataflow<?, ?> flow) {
        return KafkaJobs.input(
                input.bootstrapServers(),
                input.topic(),
                input.properties(),
                input.epochs(),
                input.idleTimeoutMillis(),
                flow.inputType());
    }

    /** The output of a job writing a checked endpoint. */
    static OutputBuilderFn output(Endpoint output) {
        return KafkaJobs.output(output.bootstrapServers(), output.topic(), output.properties());
    }
}
