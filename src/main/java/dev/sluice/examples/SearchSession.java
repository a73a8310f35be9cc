package dev.sluice.examples;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code search-session}: sessionization with {@code reduce}. Each user's events are gathered (in
 * epoch order) until the session holds an {@code AppClose}; then the session is emitted and the user
 * forgotten, so the next session starts afresh. Plain stateless steps take it from there: keep the
 * sessions with a search, split them into one search session per search, and turn each into its
 * click-through rate.
 *
 * <p>Input: {@link AppEvent}s. Output: {@code 1.0} for a search that got a click, else {@code 0.0}.
 */
public final class SearchSession {

    private SearchSession() {}

    public static Dataflow<AppEvent, Double> flow() {
        return Dataflow.input(AppEvent.class)
                .mapToKeyValue(event -> KeyValue.of(event.user(), List.of(event)))
                .reduce(SearchSession::concat, SearchSession::hasClosed)
                .map(KeyValue::value)
                .filter(session -> session.stream().anyMatch(e -> e.type() == AppEvent.Type.Search))
                .flatMap(SearchSession::splitIntoSearches)
                .map(search -> search.stream().anyMatch(e -> e.type() == AppEvent.Type.ClickResult) ? 1.0 : 0.0)
                .capture();
    }

    private static List<AppEvent> concat(List<AppEvent> session, List<AppEvent> events) {
        List<AppEvent> longer = new ArrayList<>(session);
        longer.addAll(events);
        return longer;
    }

    private static boolean hasClosed(List<AppEvent> session) {
        return session.stream().anyMatch(e -> e.type() == AppEvent.Type.AppClose);
    }

    /** Each search session starts at a {@code Search} and runs to the next one or the end. */
    static List<List<AppEvent>> splitIntoSearches(List<AppEvent> session) {
        List<List<AppEvent>> searches = new ArrayList<>();
        List<AppEvent> current = null;
        for (AppEvent event : session) {
            if (event.type() == AppEvent.Type.Search) {
                current = new ArrayList<>();
                searches.add(current);
            }
            if (current != null) {
                current.add(event);
            }
        }
        return searches;
    }
}
