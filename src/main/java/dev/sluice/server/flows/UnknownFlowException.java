package dev.sluice.server.flows;

import java.util.Collection;

/** No flow has that name ({@code 404}). */
public class UnknownFlowException extends RuntimeException {

    public UnknownFlowException(String name, Collection<String> known) {
        super("there is no flow named '" + name + "'; the flows are " + known);
    }
}
