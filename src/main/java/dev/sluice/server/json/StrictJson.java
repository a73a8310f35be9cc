package dev.sluice.server.json;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.MapperBuilder;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON read as the OpenAPI document says it is, not as Jackson can stretch it: a value of the wrong
 * JSON type is an error rather than converted. By default Jackson turns {@code 1.5} into the integer
 * {@code 1}, {@code "2"} into the number {@code 2}, {@code "NaN"} into a double and a number into a
 * string; none of that reaches a flow or a job request here. (Fields it does not know are ignored,
 * as the document's schemas allow them.)
 */
public final class StrictJson {

    private StrictJson() {}

    /** Applies the strict reading to a mapper being built (Jackson's builders change in place). */
    public static void configure(MapperBuilder<?, ?> builder) {
        builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        builder.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        builder.withCoercionConfig(
                LogicalType.Textual,
                strings -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        builder.withCoercionConfig(
                LogicalType.Integer,
                integers -> integers.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        builder.withCoercionConfig(
                LogicalType.Float,
                floats -> floats.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        builder.withCoercionConfig(
                LogicalType.Boolean,
                booleans -> booleans.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
    }
}
