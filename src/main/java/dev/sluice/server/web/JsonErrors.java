package dev.sluice.server.web;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidNullException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * What is wrong with a JSON value, in the API's words: where (the field's path), which JSON type the
 * document expects there, what came instead. Jackson's own messages name Java classes
 * ({@code dev.sluice…JobRequest}, {@code java.lang.Integer}), its tokens ({@code
 * JsonToken.START_ARRAY}) and its settings ({@code DeserializationFeature…}); a client knows none of
 * them.
 *
 * <pre>{@code
 * at 'workersPerProcess': expected an integer, got a string
 * at 'type': expected one of [Search, AppOpen, ClickResult, Results, AppClose], got "Nope"
 * unknown field 'bogus'; the fields are [input, output, workersPerProcess, ...]
 * }</pre>
 */
public final class JsonErrors {

    /** Jackson's hints about its settings and its source descriptions: for a Java developer, not a client. */
    private static final Pattern JACKSON_HINTS = Pattern.compile(
            "\\s*(\\(|;|:)?\\s*(set|enable|disable|but might if)\\b[^)]*?(Feature|CoercionConfig)[^)]*\\)?"
                    + "|\\s*Source: REDACTED[^;)]*\\)?");

    /** A Java class name as Jackson quotes it: {@code `java.lang.Integer`}. */
    private static final Pattern QUOTED_CLASS = Pattern.compile("`([a-zA-Z_$][\\w$]*\\.)+([\\w$]+)`");

    private JsonErrors() {}

    /** The detail for a value Jackson could not read, without its location (callers add theirs). */
    public static String describe(JacksonException e) {
        String where = where(e);
        if (e instanceof PropertyBindingException unknown) {
            return "unknown field '" + path(e) + "'" + knownFields(unknown.getKnownPropertyIds());
        }
        if (e instanceof InvalidNullException) {
            return where + "expected " + expected(((MismatchedInputException) e).getTargetType()) + ", got null";
        }
        if (e instanceof InvalidFormatException format) {
            return where + "expected " + expected(format.getTargetType()) + ", got " + value(format.getValue());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            JsonToken token = mismatch.getCurrentToken();
            if (token == JsonToken.END_OBJECT && !path(e).isEmpty()) {
                return "the field '" + path(e) + "' is missing; expected " + expected(mismatch.getTargetType());
            }
            return where + "expected " + expected(mismatch.getTargetType())
                    + (token != null ? ", got " + token(token) : "");
        }
        return where + withoutJavaNames(e.getOriginalMessage());
    }

    /** Jackson's message without the settings it suggests and with simple names for quoted classes. */
    public static String withoutJavaNames(String message) {
        String text = JACKSON_HINTS.matcher(String.valueOf(message)).replaceAll("");
        return QUOTED_CLASS.matcher(text).replaceAll(m -> m.group(2).replace('$', '.'));
    }

    private static String where(JacksonException e) {
        String path = path(e);
        return path.isEmpty() ? "" : "at '" + path + "': ";
    }

    /** The field's path in the value read: {@code input.name}, {@code values[2].user}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String knownFields(Collection<Object> known) {
        if (known == null || known.isEmpty()) {
            return "";
        }
        return "; the fields are "
                + new TreeSet<>(known.stream().map(String::valueOf).toList());
    }

    /** The JSON the document expects for a Java type. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "another value";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(String::valueOf)
                            .toList();
        }
        if (CharSequence.class.isAssignableFrom(type) || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (isInteger(type)) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static boolean isInteger(Class<?> type) {
        return List.of(
                        Integer.class,
                        int.class,
                        Long.class,
                        long.class,
                        Short.class,
                        short.class,
                        Byte.class,
                        byte.class,
                        BigInteger.class)
                .contains(type);
    }

    /** A JSON token as a client would name what it sent. */
    static String token(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or an exponent";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case END_ARRAY -> "the end of an array";
            case END_OBJECT -> "the end of an object";
            case PROPERTY_NAME -> "a field";
            default -> "something else";
        };
    }

    private static String value(Object value) {
        if (value instanceof String text) {
            return "\"" + (text.length() <= 60 ? text : text.substring(0, 57) + "...") + "\"";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return value == null ? "null" : "a value of another type";
    }
}
