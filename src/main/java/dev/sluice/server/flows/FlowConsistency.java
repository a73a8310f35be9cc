package dev.sluice.server.flows;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import dev.sluice.dataflow.fn.InputBuilderFn;
import dev.sluice.dataflow.fn.OutputBuilderFn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ResourceLoader;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Every member of a cluster must serve the same flows: a run or job spans all of them, and Jet
 * deserializes its step functions on each. So each member publishes a {@link Fingerprint} of each of
 * its flows and builders as Hazelcast member attributes (set before it joins, gone when it leaves), and
 * a run or job on a flow that some member lacks or has another build of is refused with a {@code 503}
 * problem naming those members ({@link FlowMismatchException}), rather than failing there or giving
 * other results. The members that agree keep serving the flows they share.
 *
 * <p>A member with no fingerprints at all (a plain Hazelcast member, or an application's own
 * {@code HazelcastInstance}, which Sluice does not configure) is not checked; nor is anything when this
 * member itself has none.
 */
@Component
public class FlowConsistency {

    /** The attribute that marks a member with fingerprints: how many it has. */
    static final String MARKER = "sluice.fingerprints";

    /** The attribute of one fingerprint is this, then {@code flow:}, {@code input-builder:} or {@code output-builder:} and the name. */
    static final String PREFIX = "sluice.fingerprint.";

    private final Map<String, String> fingerprints;
    /**
     * The member, looked up once it exists: it is built after this bean (its configuration carries the
     * fingerprints), and a lookup through the bean factory on every run cost more than the check itself.
     */
    private final SingletonSupplier<HazelcastInstance> hazelcast;

    @Autowired
    FlowConsistency(
            FlowRegistry flows,
            Map<String, InputBuilderFn<?>> inputBuilders,
            Map<String, OutputBuilderFn> outputBuilders,
            ResourceLoader resourceLoader,
            ObjectProvider<HazelcastInstance> hazelcast) {
        this(flows, inputBuilders, outputBuilders, resourceLoader.getClassLoader(), hazelcast);
    }

    FlowConsistency(
            FlowRegistry flows,
            Map<String, InputBuilderFn<?>> inputBuilders,
            Map<String, OutputBuilderFn> outputBuilders,
            ClassLoader loader,
            ObjectProvider<HazelcastInstance> hazelcast) {
        Map<String, String> all = new TreeMap<>();
        flows.all().forEach((name, flow) -> all.put(flowKey(name), Fingerprint.of(flow, loader)));
        inputBuilders.forEach((name, builder) -> all.put("input-builder:" + name, Fingerprint.of(builder, loader)));
        outputBuilders.forEach((name, builder) -> all.put("output-builder:" + name, Fingerprint.of(builder, loader)));
        this.fingerprints = Collections.unmodifiableMap(all);
        this.hazelcast = SingletonSupplier.of(hazelcast::getIfAvailable);
    }

    private static String flowKey(String name) {
        return "flow:" + name;
    }

    /** This member's fingerprints, by {@code flow:name}, {@code input-builder:name}, {@code output-builder:name}. */
    Map<String, String> fingerprints() {
        return fingerprints;
    }

    /** Publishes this member's fingerprints in its member attributes. */
    void publish(Config config) {
        var attributes = config.getMemberAttributeConfig();
        attributes.setAttribute(MARKER, Integer.toString(fingerprints.size()));
        fingerprints.forEach((key, fingerprint) -> attributes.setAttribute(PREFIX + key, fingerprint));
    }

    /** @throws FlowMismatchException when some member lacks the flow or has another build of it */
    public void requireFlow(String name) {
        require(flowKey(name), "flow '" + name + "'");
    }

    /** @throws FlowMismatchException when some member lacks the input builder or has another build of it */
    public void requireInputBuilder(String name) {
        require("input-builder:" + name, "input builder '" + name + "'");
    }

    /** @throws FlowMismatchException when some member lacks the output builder or has another build of it */
    public void requireOutputBuilder(String name) {
        require("output-builder:" + name, "output builder '" + name + "'");
    }

    private void require(String key, String what) {
        HazelcastInstance instance = hazelcast.get();
        String here = fingerprints.get(key);
        if (instance == null
                || here == null
                || instance.getCluster().getLocalMember().getAttribute(MARKER) == null) {
            return;
        }
        List<String> lacking = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (Member member : instance.getCluster().getMembers()) {
            if (member.localMember() || member.getAttribute(MARKER) == null) {
                continue;
            }
            String there = member.getAttribute(PREFIX + key);
            if (there == null) {
                lacking.add(address(member));
            } else if (!there.equals(here)) {
                different.add(address(member) + " (" + there + ")");
            }
        }
        if (!lacking.isEmpty() || !different.isEmpty()) {
            throw new FlowMismatchException(what, lacking, different, here);
        }
    }

    /**
     * How {@code member} differs from this one in the flow and builders of a job, in words ("lacks the
     * flow 'x'", "has another build or configuration of the input builder 'y'"), or empty when it has the same ones or is
     * not checked (see the class comment).
     *
     * @param inputBuilder the job's input builder, or {@code null} for an http input
     * @param outputBuilder the job's output builder, or {@code null} for an http output
     */
    public Optional<String> jobMismatchOn(Member member, String flow, String inputBuilder, String outputBuilder) {
        HazelcastInstance instance = hazelcast.get();
        if (member.getAttribute(MARKER) == null
                || instance == null
                || instance.getCluster().getLocalMember().getAttribute(MARKER) == null) {
            return Optional.empty();
        }
        List<String> differences = new ArrayList<>();
        difference(member, flowKey(flow), "flow '" + flow + "'").ifPresent(differences::add);
        if (inputBuilder != null) {
            difference(member, "input-builder:" + inputBuilder, "input builder '" + inputBuilder + "'")
                    .ifPresent(differences::add);
        }
        if (outputBuilder != null) {
            difference(member, "output-builder:" + outputBuilder, "output builder '" + outputBuilder + "'")
                    .ifPresent(differences::add);
        }
        return differences.isEmpty() ? Optional.empty() : Optional.of(String.join(" and ", differences));
    }

    private Optional<String> difference(Member member, String key, String what) {
        String here = fingerprints.get(key);
        String there = member.getAttribute(PREFIX + key);
        if (here == null || here.equals(there)) {
            return Optional.empty();
        }
        return Optional.of(
                there == null
                        ? "lacks the " + what
                        : "has another build or configuration of the " + what + " (fingerprint " + there + ", here "
                                + here + ")");
    }

    /** A member's Hazelcast address, as problems and reasons name it. */
    public static String address(Member member) {
        return member.getAddress().getHost() + ":" + member.getAddress().getPort();
    }
}
