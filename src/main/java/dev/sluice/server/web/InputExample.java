package dev.sluice.server.web;

/**
 * An example of a flow's input in a request body ({@link InputBody}): the same pairs are shown where a
 * run takes them and where a job's input does, each under its name and with its flow's summary.
 */
public enum InputExample {
    WORDCOUNT_PAIRS(Shape.PAIRS, "pairs", "wordcount", "[epoch, line] pairs", ApiDocs.WORDCOUNT_PAIRS),
    ANOMALY_PAIRS(
            Shape.PAIRS, "key/value items", "anomaly-detector", "[epoch, [key, value]] pairs", ApiDocs.ANOMALY_PAIRS),
    SEARCH_SESSION_PAIRS(
            Shape.PAIRS, "object items", "search-session", "[epoch, event] pairs", ApiDocs.SEARCH_SESSION_PAIRS),
    WORDCOUNT_ITEMS(Shape.ITEMS, "items", "wordcount", "lines", ApiDocs.WORDCOUNT_ITEMS);

    /** What a body of these examples is: its schema and what it says of itself. */
    enum Shape {
        PAIRS(ApiDocs.PAIRS_REF, "`[[epoch, item], …]`, each item as the flow's input type"),
        ITEMS(ApiDocs.ITEMS_REF, "`[item, …]`, each item as the flow's input type");

        final String schemaRef;
        final String description;

        Shape(String schemaRef, String description) {
            this.schemaRef = schemaRef;
            this.description = description;
        }
    }

    final Shape shape;
    private final String exampleName;
    private final String flow;
    private final String what;
    private final String json;

    InputExample(Shape shape, String exampleName, String flow, String what, String json) {
        this.shape = shape;
        this.exampleName = exampleName;
        this.flow = flow;
        this.what = what;
        this.json = json;
    }

    /** The example where it is sent: {@code {flow}} in {@code sentTo} stands for its flow. */
    io.swagger.v3.oas.models.examples.Example example(String sentTo) {
        return ApiExamples.of(flow + ": " + what, sentTo.replace("{flow}", flow), json);
    }

    /** Its name among a body's examples ({@code pairs}), which an answer's examples refer to. */
    public String exampleName() {
        return exampleName;
    }

    /** The flow it is input of, as in paths ({@code wordcount}). */
    public String flow() {
        return flow;
    }
}
