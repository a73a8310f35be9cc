package dev.sluice.server.jobs;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import dev.sluice.server.jobs.JobExceptions.InvalidJobRequestException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A job's input and output as its request names them ({@link Endpoint}): checked, and built for the job. */
final class JobEndpoints {

    private JobEndpoints() {}

    /**
     * A request's endpoint, checked: {@code http} when it names none.
     *
     * @param role {@code input} or {@code output}
     * @param builders the names of that role's builder beans
     * @throws InvalidJobRequestException naming what is wrong
     */
    static Endpoint checked(String role, Endpoint endpoint, Set<String> builders) {
        if (endpoint == null || endpoint.type() == null || endpoint.isHttp()) {
            return Endpoint.HTTP_ENDPOINT;
        }
        if (endpoint.isKafka()) {
            return KafkaEndpoints.checked(role, endpoint);
        }
        if (!endpoint.isBuilder()) {
            throw new InvalidJobRequestException("the " + role + " type must be \"http\", \"builder\" or \"kafka\", "
                    + "got \"" + endpoint.type() + "\"");
        }
        if (endpoint.name() == null || !builders.contains(endpoint.name())) {
            throw new InvalidJobRequestException("there is no " + role + " builder named '" + endpoint.name()
                    + "'; the " + role + " builders are " + new TreeSet<>(builders));
        }
        return endpoint;
    }

    /** The input of a job from its checked endpoint. */
    static InputBuilderFn<?> input(Endpoint input, Dataflow<?, ?> flow, JobLogs logs, InputBuilders builders) {
        if (input.isHttp()) {
            return new HttpJobInput(logs);
        }
        return input.isKafka() ? KafkaEndpoints.input(input, flow) : builders.get(input.name());
    }

    /**
     * The output of a job from its checked endpoint; an http output commits with the job's snapshots
     * when it has a guarantee (off Jet's shared threads, see {@link HttpJobOutput}).
     */
    static OutputBuilderFn output(
            Endpoint output, JobLogs logs, Map<String, OutputBuilderFn> builders, ProcessingGuarantee guarantee) {
        if (output.isHttp()) {
            return new HttpJobOutput(logs, guarantee != ProcessingGuarantee.NONE);
        }
        return output.isKafka() ? KafkaEndpoints.output(output) : builders.get(output.name());
    }
}
