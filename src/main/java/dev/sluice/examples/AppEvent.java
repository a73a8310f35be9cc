package dev.sluice.examples;

import java.io.Serializable;
import java.util.Objects;

/**
 * An app analytics event, the input of {@link SearchSession}: {@code {"type": "Search", "user": 1}}.
 * Other fields on the wire are ignored.
 *
 * @param type what happened
 * @param user who it happened to
 */
public record AppEvent(Type type, int user) implements Serializable {

    public AppEvent {
        Objects.requireNonNull(type, "type is required: one of AppOpen, Search, Results, ClickResult, AppClose");
    }

    /** The kinds of event, as named on the wire. */
    public enum Type {
        AppOpen,
        Search,
        Results,
        ClickResult,
        AppClose
    }
}
