package dev.sluice.dataflow;

import java.io.Serializable;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The declared type of a flow's input items, kept as a serializable value (a {@link Type} is not)
 * so that a service can convert JSON input to it.
 *
 * @param rawType the class, e.g. {@code KeyValue.class}
 * @param arguments its type arguments, e.g. {@code [String, Double]}; empty for a plain class
 */
public record ItemType(Class<?> rawType, List<ItemType> arguments) implements Serializable {

    public ItemType {
        Objects.requireNonNull(rawType, "rawType");
        arguments = List.copyOf(arguments);
        int expected = rawType.getTypeParameters().length;
        if (!arguments.isEmpty() && arguments.size() != expected) {
            throw new IllegalArgumentException(
                    rawType.getSimpleName() + " takes " + expected + " type arguments, got " + arguments.size());
        }
    }

    /** A plain class. */
    public static ItemType of(Class<?> type) {
        return new ItemType(type, List.of());
    }

    /** A generic class with its arguments, e.g. {@code ItemType.of(KeyValue.class, String.class, Double.class)}. */
    public static ItemType of(Class<?> rawType, Class<?>... arguments) {
        return new ItemType(rawType, Arrays.stream(arguments).map(ItemType::of).toList());
    }

    /** This type as a reflection {@link Type}, for libraries that convert to it. */
    public Type toType() {
        if (arguments.isEmpty()) {
            return rawType;
        }
        Type[] args = arguments.stream().map(ItemType::toType).toArray(Type[]::new);
        return new ParameterizedType() {
            public Type[] getActualTypeArguments() {
                return args.clone();
            }

            public Type getRawType() {
                return rawType;
            }

            public Type getOwnerType() {
                return null;
            }

            public String getTypeName() {
                return ItemType.this.toString();
            }
        };
    }

    @Override
    public String toString() {
        if (arguments.isEmpty()) {
            return rawType.getSimpleName();
        }
        return rawType.getSimpleName()
                + arguments.stream().map(ItemType::toString).collect(Collectors.joining(", ", "<", ">"));
    }
}
