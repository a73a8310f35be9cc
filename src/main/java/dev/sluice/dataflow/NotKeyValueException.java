package dev.sluice.dataflow;

/**
 * A keyed step was given an item that is not a {@link KeyValue} (the seed raises {@code TypeError}).
 * The types of {@link KeyedDataflow} rule this out at compile time; it can still happen through
 * unchecked casts or raw types, and the message names the step and the item.
 */
public class NotKeyValueException extends IllegalArgumentException {

    public NotKeyValueException(int stepIndex, String operator, Object item) {
        super("step " + stepIndex + " (" + operator + ") needs key/value items (KeyValue) to route and keep state "
                + "by key; got " + (item == null ? "null" : item.getClass().getSimpleName() + " " + abbreviate(item))
                + " instead; make the step before it return KeyValue.of(key, value)");
    }

    private static String abbreviate(Object item) {
        String text = String.valueOf(item);
        return text.length() <= 80 ? "`" + text + "`" : "`" + text.substring(0, 77) + "...`";
    }
}
