package dev.sluice.server.json;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The wire format of SPEC §5: an {@code (epoch, item)} pair is the JSON array {@code [epoch, item]},
 * and a key/value item is {@code [key, value]}. Reading them is {@link PairReader}'s job, since it
 * needs the flow's input type and precise errors.
 */
public final class SluiceJsonModule extends SimpleModule {

    public SluiceJsonModule() {
        super("sluice");
        addSerializer(EpochItem.class, new EpochItemSerializer());
        addSerializer(KeyValue.class, new KeyValueSerializer());
    }

    @SuppressWarnings("rawtypes")
    private static final class EpochItemSerializer extends ValueSerializer<EpochItem> {
        @Override
        public void serialize(EpochItem pair, JsonGenerator gen, SerializationContext context) {
            gen.writeStartArray();
            gen.writeNumber(pair.epoch());
            context.writeValue(gen, pair.item());
            gen.writeEndArray();
        }
    }

    @SuppressWarnings("rawtypes")
    private static final class KeyValueSerializer extends ValueSerializer<KeyValue> {
        @Override
        public void serialize(KeyValue keyValue, JsonGenerator gen, SerializationContext context) {
            gen.writeStartArray();
            context.writeValue(gen, keyValue.key());
            context.writeValue(gen, keyValue.value());
            gen.writeEndArray();
        }
    }
}
