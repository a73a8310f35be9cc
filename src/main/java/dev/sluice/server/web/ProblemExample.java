package dev.sluice.server.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An example problem of the OpenAPI document, as the service answers it ({@code type}, {@code title},
 * {@code status}, {@code detail}, {@code instance} and any properties of its own), named where a
 * response has several ({@link ErrorDoc}).
 *
 * @param name its name among the response's examples, or {@code null} for a response's only one
 * @param value the problem's JSON fields, in order
 */
public record ProblemExample(String name, Map<String, Object> value) {

    /** Where the named examples of a run's or a job start's {@code 503} are asked. */
    private static final String RUN = "/flows/wordcount/run";

    public ProblemExample {
        value = Collections.unmodifiableMap(new LinkedHashMap<>(value));
    }

    /** A problem of {@code type}, with its title and status, unnamed. */
    public static ProblemExample of(ProblemType type, String detail, String instance) {
        return new ProblemExample(
                null, problem(type, type.title(), type.status().value(), detail, instance));
    }

    /** Spring's own problem, without a type (an unsupported media type, say). */
    public static ProblemExample untyped(String title, int status, String detail, String instance) {
        return new ProblemExample(null, problem(null, title, status, detail, instance));
    }

    /** The same example under a name, for a response that has several. */
    public ProblemExample named(String exampleName) {
        return new ProblemExample(exampleName, value);
    }

    /** The same example with a property of the problem's own (a failed step's {@code stepIndex}, say). */
    public ProblemExample with(String property, Object propertyValue) {
        Map<String, Object> more = new LinkedHashMap<>(value);
        more.put(property, propertyValue);
        return new ProblemExample(name, more);
    }

    /** "shutting down": what any operation answers on a member that is stopping. */
    public static ProblemExample shuttingDown() {
        return of(
                        ProblemType.MEMBER_SHUTTING_DOWN,
                        "this member is shutting down and takes "
                                + "no new requests; send the request to another member of the cluster",
                        RUN)
                .named("shutting down");
    }

    /** "no cluster": what any operation answers on a member that is not part of a running cluster. */
    public static ProblemExample noCluster() {
        return of(
                        ProblemType.NO_CLUSTER,
                        "this member is not part of a running cluster: Hazelcast instance is not active!",
                        RUN)
                .named("no cluster");
    }

    /** "flow not on every member": a run or a job start whose flow differs between the members. */
    public static ProblemExample flowMismatch(String instance) {
        return of(
                        ProblemType.FLOW_NOT_ON_EVERY_MEMBER,
                        "the flow 'wordcount' is not the same on every member of the cluster: 127.0.0.1:5703 lacks "
                                + "it. Give every member the same flow jars (sluice.flows.path, SLUICE_FLOWS_PATH) and "
                                + "restart the members that differ, then try again",
                        instance)
                .with("lacking", List.of("127.0.0.1:5703"))
                .with("different", List.of())
                .named("flow not on every member");
    }

    private static Map<String, Object> problem(
            ProblemType type, String title, int status, String detail, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        if (type != null) {
            problem.put("type", type.uri().toString());
        }
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", instance);
        return problem;
    }
}
