package dev.sluice.server.flows;

import dev.sluice.server.web.ProblemException;
import dev.sluice.server.web.ProblemType;
import java.util.Collection;

/** No flow has that name ({@code 404}). */
class UnknownFlowException extends ProblemException {

    UnknownFlowException(String name, Collection<String> known) {
        super(ProblemType.UNKNOWN_FLOW, "there is no flow named '" + name + "'; the flows are " + known);
    }
}
