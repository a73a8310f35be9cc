package dev.sluice.server.json;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.server.json.StrictUtf8InputStream.InvalidUtf8Exception;
import dev.sluice.server.web.JsonErrors;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.SerializableString;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.JsonParserDelegate;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.MapperBuilder;

/**
 * Reads request bodies of pairs ({@code [[epoch, item], …]}) or plain items ({@code [item, …]}) as a
 * stream, converting each item to the flow's input type as it goes, with errors that name the pair.
 *
 * <p>A {@code KeyValue} input type is read from {@code [key, value]}, each side converted to its own
 * type. Anything else is read by Jackson into the declared type.
 *
 * <p>Epochs go up to {@link EpochItem#MAX_EPOCH} ({@code Long.MAX_VALUE - 2}): the cluster driver
 * uses the two watermarks above it. Strings must be valid Unicode (see {@link UnicodeChecking}).
 */
public final class PairReader {

    /** The highest epoch a pair may have (see {@link EpochItem#MAX_EPOCH}). */
    static final long MAX_EPOCH = EpochItem.MAX_EPOCH;

    private final ObjectMapper mapper;

    /** @param mapper the service's mapper, whose modules it keeps; it reads strictly ({@link StrictJson}) */
    public PairReader(ObjectMapper mapper) {
        MapperBuilder<?, ?> strict = mapper.rebuild();
        StrictJson.configure(strict);
        this.mapper = strict.build();
    }

    /** Reads {@code [[epoch, item], …]}, into a list that the caller owns (it may sort it). */
    public List<EpochItem<Object>> readPairs(InputStream body, ItemType itemType) {
        ItemConverter items = converter(itemType);
        List<EpochItem<Object>> pairs = new ArrayList<>();
        try (JsonParser parser = parser(body)) {
            expectArrayStart(parser, "the body must be a JSON array of [epoch, item] pairs");
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                int index = pairs.size();
                if (token != JsonToken.START_ARRAY) {
                    throw invalid(parser, "pair " + index + " must be an array [epoch, item], got " + describe(parser));
                }
                parser.nextToken();
                long epoch = epoch(parser, index);
                parser.nextToken();
                if (parser.currentToken() == JsonToken.END_ARRAY) {
                    throw invalid(parser, "pair " + index + " has an epoch but no item; a pair is [epoch, item]");
                }
                Object item = present(items.read(parser, "pair " + index), parser, "pair " + index);
                if (parser.nextToken() != JsonToken.END_ARRAY) {
                    throw invalid(parser, "pair " + index + " has more than two elements; a pair is [epoch, item]");
                }
                pairs.add(new EpochItem<>(epoch, item));
            }
            expectEnd(parser);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        return pairs;
    }

    /** Reads {@code [item, …]}. */
    public List<Object> readItems(InputStream body, ItemType itemType) {
        ItemConverter items = converter(itemType);
        List<Object> read = new ArrayList<>();
        try (JsonParser parser = parser(body)) {
            expectArrayStart(parser, "the body must be a JSON array of items");
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                read.add(present(items.read(parser, "item " + read.size()), parser, "item " + read.size()));
            }
            expectEnd(parser);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        return read;
    }

    /**
     * A reader of single items of one type, each a whole JSON text (a Kafka record's value, say), read
     * as strictly as the items of a body. Thread-safe.
     */
    public ItemReader itemReader(ItemType itemType) {
        return new ItemReader(converter(itemType));
    }

    /** Reads single items of one type ({@link #itemReader}). */
    public final class ItemReader {
        private final ItemConverter items;

        private ItemReader(ItemConverter items) {
            this.items = items;
        }

        /**
         * The item a JSON text holds.
         *
         * @param where what the text is, to begin an error's message with ({@code the record …})
         * @throws IllegalArgumentException naming {@code where}, when the text is no JSON value of the type
         */
        public Object read(byte[] json, String where) {
            try (JsonParser parser = parser(new ByteArrayInputStream(json))) {
                if (parser.nextToken() == null) {
                    throw new IllegalArgumentException(where + " is empty; it must be a JSON value");
                }
                Object item = present(items.read(parser, where), parser, where);
                if (parser.nextToken() != null) {
                    throw new IllegalArgumentException(
                            where + ": unexpected content after the item" + at(parser.currentLocation()));
                }
                return item;
            } catch (InvalidInputException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            } catch (JacksonException e) {
                InvalidUtf8Exception notUtf8 = notUtf8(e);
                throw new IllegalArgumentException(
                        where + " is not valid JSON: "
                                + (notUtf8 != null
                                        ? notUtf8.getMessage()
                                        : JsonErrors.withoutJavaNames(e.getOriginalMessage()) + at(e.getLocation())),
                        e);
            }
        }
    }

    private JsonParser parser(InputStream body) {
        return new UnicodeChecking(mapper.createParser(new StrictUtf8InputStream(body)));
    }

    /**
     * Refuses what no flow can take: a {@code null} item (a step would fail on it, far from the request)
     * and a number that is not finite (JSON's {@code 1e400}, which Java reads as infinity, or the string
     * {@code "NaN"}, which Jackson reads as a double despite {@link StrictJson}).
     */
    private static Object present(Object item, JsonParser parser, String where) {
        if (item == null) {
            throw invalid(parser, where + ": the item is null; every item must be a value of the flow's input type");
        }
        if (item instanceof Double d && !Double.isFinite(d) || item instanceof Float f && !Float.isFinite(f)) {
            throw invalid(
                    parser,
                    where + ": the item is not a finite number (a JSON number beyond the range of a "
                            + "double, or NaN)");
        }
        return item;
    }

    private static void expectArrayStart(JsonParser parser, String what) {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new InvalidInputException("the body is empty; " + what);
        }
        if (first != JsonToken.START_ARRAY) {
            throw invalid(parser, what + ", got " + describe(parser));
        }
    }

    private static void expectEnd(JsonParser parser) {
        if (parser.nextToken() != null) {
            throw invalid(parser, "unexpected content after the closing ']'");
        }
    }

    private static long epoch(JsonParser parser, int index) {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.END_ARRAY) {
            throw invalid(parser, "pair " + index + " is empty; a pair is [epoch, item]");
        }
        if (token != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw invalid(
                    parser,
                    "pair " + index + " must start with its epoch, a non-negative integer up to " + MAX_EPOCH + ", got "
                            + describe(parser));
        }
        long epoch = parser.getLongValue();
        if (epoch < 0) {
            throw invalid(parser, "pair " + index + " has a negative epoch " + epoch + "; epochs are non-negative");
        }
        if (epoch > MAX_EPOCH) {
            throw invalid(
                    parser,
                    "pair " + index + " has the epoch " + epoch + ", which the engine reserves; " + "epochs go up to "
                            + MAX_EPOCH);
        }
        return epoch;
    }

    private static String describe(JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            return "the end of the body";
        }
        return switch (token) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "the string \"" + abbreviate(parser.getString()) + "\"";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "the number " + abbreviate(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> "the boolean " + parser.getText();
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static InvalidInputException invalid(JsonParser parser, String message) {
        return new InvalidInputException(message + at(parser.currentLocation()));
    }

    private static String at(TokenStreamLocation location) {
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static InvalidInputException malformed(JacksonException e) {
        InvalidUtf8Exception notUtf8 = notUtf8(e);
        if (notUtf8 != null) {
            return new InvalidInputException(notUtf8.getMessage(), e);
        }
        return new InvalidInputException(
                "the body is not valid JSON: " + JsonErrors.withoutJavaNames(e.getOriginalMessage())
                        + at(e.getLocation()),
                e);
    }

    private static InvalidUtf8Exception notUtf8(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof InvalidUtf8Exception notUtf8) {
                return notUtf8;
            }
        }
        return null;
    }

    private ItemConverter converter(ItemType type) {
        if (type.rawType() == KeyValue.class) {
            List<ItemType> sides = type.arguments().isEmpty()
                    ? List.of(ItemType.of(Object.class), ItemType.of(Object.class))
                    : type.arguments();
            return new KeyValueConverter(converter(sides.get(0)), converter(sides.get(1)), type);
        }
        // Items are read from the middle of the body's stream, so what follows an item is no error.
        ObjectReader reader = mapper.readerFor(mapper.constructType(type.toType()))
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return new JacksonConverter(reader, type);
    }

    /**
     * Refuses strings (values and property names) that are not valid Unicode: JSON lets a string escape
     * half of a surrogate pair on its own (U+D800 to U+DFFF), and Jackson decodes UTF-8 beyond U+10FFFF
     * into such halves. Such text cannot be stored or sent on faithfully (Hazelcast and the response
     * write it as UTF-8, where it becomes {@code ?}), so it is refused instead of quietly corrupted.
     */
    private static final class UnicodeChecking extends JsonParserDelegate {

        UnicodeChecking(JsonParser parser) {
            super(parser);
        }

        @Override
        public JsonToken nextToken() {
            return checked(super.nextToken());
        }

        @Override
        public JsonToken nextValue() {
            return checked(super.nextValue());
        }

        @Override
        public String nextName() {
            String name = super.nextName();
            checked(currentToken());
            return name;
        }

        @Override
        public boolean nextName(SerializableString name) {
            boolean matches = super.nextName(name);
            checked(currentToken());
            return matches;
        }

        @Override
        public int nextNameMatch(PropertyNameMatcher matcher) {
            int match = super.nextNameMatch(matcher);
            checked(currentToken());
            return match;
        }

        private JsonToken checked(JsonToken token) {
            if (token == JsonToken.VALUE_STRING) {
                check(getString());
            } else if (token == JsonToken.PROPERTY_NAME) {
                check(currentName());
            }
            return token;
        }

        private void check(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else if (Character.isSurrogate(c)) {
                    throw invalid(
                            this,
                            "a string holds half of a surrogate pair (\\u" + Integer.toHexString(c) + " at index " + i
                                    + ") without the other half, which is not valid Unicode");
                }
            }
        }
    }

    /** Reads one item, whose first token is current, leaving its last token current. */
    private interface ItemConverter {
        Object read(JsonParser parser, String where);
    }

    private record JacksonConverter(ObjectReader reader, ItemType type) implements ItemConverter {
        @Override
        public Object read(JsonParser parser, String where) {
            try {
                return reader.readValue(parser);
            } catch (JacksonException e) {
                if (notUtf8(e) != null) {
                    throw malformed(e);
                }
                throw new InvalidInputException(
                        where + ": the item does not convert to " + type + ": " + JsonErrors.describe(e)
                                + at(e.getLocation()),
                        e);
            }
        }
    }

    private record KeyValueConverter(ItemConverter keys, ItemConverter values, ItemType type) implements ItemConverter {
        @Override
        public Object read(JsonParser parser, String where) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw invalid(
                        parser,
                        where + ": the item must be a [key, value] array for " + type + ", got " + describe(parser));
            }
            if (parser.nextToken() == JsonToken.END_ARRAY) {
                throw invalid(parser, where + ": the [key, value] item is empty");
            }
            Object key = keys.read(parser, where + " key");
            if (key == null) {
                throw invalid(parser, where + ": the key is null; keys route items to workers and must not be null");
            }
            if (parser.nextToken() == JsonToken.END_ARRAY) {
                throw invalid(parser, where + ": the [key, value] item has no value");
            }
            Object value = present(values.read(parser, where + " value"), parser, where + " value");
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw invalid(parser, where + ": the [key, value] item has more than two elements");
            }
            return KeyValue.of(key, value);
        }
    }
}
