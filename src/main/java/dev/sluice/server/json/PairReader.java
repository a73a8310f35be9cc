package dev.sluice.server.json;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.ItemType;
import dev.sluice.dataflow.KeyValue;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;

/**
 * Reads request bodies of pairs ({@code [[epoch, item], …]}) or plain items ({@code [item, …]}) as a
 * stream, converting each item to the flow's input type as it goes, with errors that name the pair.
 *
 * <p>A {@code KeyValue} input type is read from {@code [key, value]}, each side converted to its own
 * type. Anything else is read by Jackson into the declared type.
 */
public final class PairReader {

    private final ObjectMapper mapper;

    public PairReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads {@code [[epoch, item], …]}. */
    public List<EpochItem<Object>> readPairs(InputStream body, ItemType itemType) {
        ItemConverter items = converter(itemType);
        List<EpochItem<Object>> pairs = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(body)) {
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
                Object item = items.read(parser, "pair " + index);
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
        try (JsonParser parser = mapper.createParser(body)) {
            expectArrayStart(parser, "the body must be a JSON array of items");
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                read.add(items.read(parser, "item " + read.size()));
            }
            expectEnd(parser);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        return read;
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
            throw invalid(parser, "pair " + index + " must start with its epoch, a non-negative integer up to "
                    + Long.MAX_VALUE + ", got " + describe(parser));
        }
        long epoch = parser.getLongValue();
        if (epoch < 0) {
            throw invalid(parser, "pair " + index + " has a negative epoch " + epoch + "; epochs are non-negative");
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
        return new InvalidInputException("the body is not valid JSON: " + e.getOriginalMessage()
                + at(e.getLocation()), e);
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
                throw new InvalidInputException(where + ": the item does not convert to " + type + ": "
                        + e.getOriginalMessage() + at(e.getLocation()), e);
            }
        }
    }

    private record KeyValueConverter(ItemConverter keys, ItemConverter values, ItemType type) implements ItemConverter {
        @Override
        public Object read(JsonParser parser, String where) {
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                throw invalid(parser, where + ": the item must be a [key, value] array for " + type + ", got "
                        + describe(parser));
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
            Object value = values.read(parser, where + " value");
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw invalid(parser, where + ": the [key, value] item has more than two elements");
            }
            return KeyValue.of(key, value);
        }
    }
}
