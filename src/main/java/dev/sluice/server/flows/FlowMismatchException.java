package dev.sluice.server.flows;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;
import java.util.List;

/**
 * A flow (or builder) some member lacks or has another build of ({@code 503}): it would fail there, or
 * give other results, so nothing runs. The problem lists the members as {@code lacking} and {@code
 * different} (their Hazelcast addresses).
 */
class FlowMismatchException extends ProblemException {

    FlowMismatchException(String what, List<String> lacking, List<String> different, String here) {
        super(ProblemType.FLOW_NOT_ON_EVERY_MEMBER, message(what, lacking, different, here));
        getBody().setProperty("lacking", lacking);
        getBody().setProperty("different", different);
    }

    private static String message(String what, List<String> lacking, List<String> different, String here) {
        StringBuilder message = new StringBuilder("the " + what + " is not the same on every member of the cluster: ");
        if (!lacking.isEmpty()) {
            message.append(String.join(", ", lacking)).append(lacking.size() == 1 ? " lacks it" : " lack it");
        }
        if (!different.isEmpty()) {
            message.append(lacking.isEmpty() ? "" : "; ")
                    .append(String.join(", ", different))
                    .append(different.size() == 1 ? " has" : " have")
                    .append(" another build or configuration of it than this member (fingerprint ")
                    .append(here)
                    .append(")");
        }
        return message.append(". Give every member the same flow jars (sluice.flows.path, SLUICE_FLOWS_PATH) "
                        + "and restart the members that differ, then try again")
                .toString();
    }
}
