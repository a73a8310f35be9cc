package dev.sluice.execution.jet;

import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import java.io.IOException;
import java.util.Objects;

/**
 * Fast Hazelcast serializers for what Sluice sends between members: {@link EpochItem} (every item on
 * a Jet edge travels in one) and {@link KeyValue} (every item in front of a keyed step). Without them
 * Hazelcast falls back to plain Java serialization, which works but is several times slower.
 *
 * <p>Register them on every member, and on clients that read Sluice items from Hazelcast structures:
 *
 * <pre>{@code
 * Config config = new Config();
 * JetSerialization.register(config);
 * }</pre>
 *
 * <p>Type IDs {@value #EPOCH_ITEM_TYPE_ID} and {@value #KEY_VALUE_TYPE_ID} are taken; Sluice reserves
 * {@code 7100..7199} for its serializers. Registering twice is harmless.
 */
public final class JetSerialization {

    /** Hazelcast type ID of {@link EpochItem}. */
    public static final int EPOCH_ITEM_TYPE_ID = 7100;
    /** Hazelcast type ID of {@link KeyValue}. */
    public static final int KEY_VALUE_TYPE_ID = 7101;

    private JetSerialization() {}

    /** Registers the serializers on a member's configuration; returns it. */
    public static Config register(Config config) {
        register(config.getSerializationConfig());
        return config;
    }

    /** Registers the serializers on a client's configuration; returns it. */
    public static ClientConfig register(ClientConfig config) {
        register(config.getSerializationConfig());
        return config;
    }

    /** Registers the serializers on a serialization configuration (a member's or a client's); returns it. */
    public static SerializationConfig register(SerializationConfig config) {
        Objects.requireNonNull(config, "config must not be null");
        add(config, EpochItem.class, new EpochItemSerializer());
        add(config, KeyValue.class, new KeyValueSerializer());
        return config;
    }

    private static void add(SerializationConfig config, Class<?> type, StreamSerializer<?> serializer) {
        boolean present = config.getSerializerConfigs().stream()
                .anyMatch(existing -> type.equals(existing.getTypeClass())
                        || type.getName().equals(existing.getTypeClassName()));
        if (!present) {
            config.addSerializerConfig(new SerializerConfig().setTypeClass(type).setImplementation(serializer));
        }
    }

    /** {@code (epoch, item)}: the epoch as a long, then the item by whatever serializer fits it. */
    static final class EpochItemSerializer implements StreamSerializer<EpochItem<?>> {
        @Override
        public int getTypeId() {
            return EPOCH_ITEM_TYPE_ID;
        }

        @Override
        public void write(ObjectDataOutput out, EpochItem<?> epochItem) throws IOException {
            out.writeLong(epochItem.epoch());
            out.writeObject(epochItem.item());
        }

        @Override
        public EpochItem<?> read(ObjectDataInput in) throws IOException {
            long epoch = in.readLong();
            return new EpochItem<>(epoch, in.readObject());
        }
    }

    /** {@code (key, value)}: each by whatever serializer fits it. */
    static final class KeyValueSerializer implements StreamSerializer<KeyValue<?, ?>> {
        @Override
        public int getTypeId() {
            return KEY_VALUE_TYPE_ID;
        }

        @Override
        public void write(ObjectDataOutput out, KeyValue<?, ?> keyValue) throws IOException {
            out.writeObject(keyValue.key());
            out.writeObject(keyValue.value());
        }

        @Override
        public KeyValue<?, ?> read(ObjectDataInput in) throws IOException {
            Object key = in.readObject();
            return new KeyValue<>(key, in.readObject());
        }
    }
}
