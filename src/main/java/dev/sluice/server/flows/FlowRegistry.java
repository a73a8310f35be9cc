package dev.sluice.server.flows;

import dev.sluice.dataflow.Dataflow;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The flows this service runs: every bean of type {@link Dataflow}, under its bean name. Checked at
 * start-up, so a bad flow stops the service with a message naming the bean instead of failing a
 * request later.
 */
@Component
public class FlowRegistry {

    /** Flow names as they appear in paths. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final Map<String, Dataflow<?, ?>> flows = new TreeMap<>();

    public FlowRegistry(Map<String, Dataflow<?, ?>> beans) {
        beans.forEach((name, flow) -> {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException(
                        "the flow bean '" + name + "' has a name that cannot be used in a path: "
                                + "flow names are lower-case letters, digits and '-', starting with a letter or digit "
                                + "(" + NAME + "); name the bean e.g. @Bean(\"" + suggestName(name) + "\")");
            }
            if (!flow.hasCapture()) {
                throw new IllegalStateException("the flow bean '" + name + "' (" + flow + ") has no capture step, "
                        + "so it would have no output; add .capture() where its output should be taken");
            }
            flows.put(name, flow);
        });
    }

    private static String suggestName(String name) {
        String kebab =
                name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase().replaceAll("[^a-z0-9-]", "-");
        kebab = kebab.replaceAll("^-+", "");
        // a name with no letter or digit of a-z0-9 at all ("_", "日本語") leaves nothing to keep
        return kebab.isEmpty() ? "my-flow" : kebab;
    }

    /** The flow of that name, or {@link UnknownFlowException}. */
    public Dataflow<?, ?> get(String name) {
        Dataflow<?, ?> flow = flows.get(name);
        if (flow == null) {
            throw new UnknownFlowException(name, flows.keySet());
        }
        return flow;
    }

    /** Every flow by name, in name order. */
    public Map<String, Dataflow<?, ?>> all() {
        return Collections.unmodifiableMap(flows);
    }

    public Collection<String> names() {
        return flows.keySet();
    }
}
