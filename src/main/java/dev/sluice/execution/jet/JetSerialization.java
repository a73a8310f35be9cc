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
import dev.sluice.execution.jet.SnapshotKeys.StateKey;
import dev.sluice.operators.KeySnapshot;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * Fast Hazelcast serializers for what Sluice sends between members: {@link EpochItem} (every item on
 * a Jet edge travels in one) and {@link KeyValue} (every item in front of a keyed step), and what its
 * jobs save in snapshots for every key ({@link KeySnapshot} under a {@code StateKey}). Without them
 * Hazelcast falls back to plain Java serialization, which works but is several times slower.
 *
 * <p>Register them on every member, and on clients that read Sluice items from Hazelcast structures:
 *
 * <pre>{@code
 * Config config = new Config();
 * JetSerialization.register(config);
 * }</pre>
 *
 * <p>Type IDs {@value #EPOCH_ITEM_TYPE_ID} to {@value #STATE_KEY_TYPE_ID} are taken; Sluice reserves
 * {@code 7100..7199} for its serializers. Registering twice is harmless.
 */
public final class JetSerialization {

    /** Hazelcast type ID of {@link EpochItem}. */
    public static final int EPOCH_ITEM_TYPE_ID = 7100;
    /** Hazelcast type ID of {@link KeyValue}. */
    public static final int KEY_VALUE_TYPE_ID = 7101;
    /** Hazelcast type ID of {@link KeySnapshot}. */
    public static final int KEY_SNAPSHOT_TYPE_ID = 7102;
    /** Hazelcast type ID of the snapshot key of a key's state. */
    public static final int STATE_KEY_TYPE_ID = 7103;

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
        for (Typed<?> serializer : List.of(
                new EpochItemSerializer(),
                new KeyValueSerializer(),
                new KeySnapshotSerializer(),
                new StateKeySerializer())) {
            add(config, serializer);
        }
        return config;
    }

    private static void add(SerializationConfig config, Typed<?> serializer) {
        Class<?> type = serializer.type;
        boolean present = config.getSerializerConfigs().stream()
                .anyMatch(existing ->
                        type.equals(existing.getTypeClass()) || type.getName().equals(existing.getTypeClassName()));
        if (!present) {
            config.addSerializerConfig(new SerializerConfig().setTypeClass(type).setImplementation(serializer));
        }
    }

    /** A serializer that knows its type ID and the class it serializes. */
    abstract static class Typed<T> implements StreamSerializer<T> {
        private final int typeId;
        private final Class<?> type;

        Typed(int typeId, Class<?> type) {
            this.typeId = typeId;
            this.type = type;
        }

        @Override
        public final int getTypeId() {
            return typeId;
        }
    }

    /**
     * {@code (epoch, item)}: the epoch as an unsigned varint (epochs are small, non-negative numbers:
     * one or two bytes, not eight), then the item as a {@link CompactValues} value. A word count's
     * {@code (7, ("the", 1))} is 9 bytes after the type ID, where a long, three type IDs, a length and
     * an int made 31.
     */
    static final class EpochItemSerializer extends Typed<EpochItem<?>> {
        EpochItemSerializer() {
            super(EPOCH_ITEM_TYPE_ID, EpochItem.class);
        }

        @Override
        public void write(ObjectDataOutput out, EpochItem<?> epochItem) throws IOException {
            CompactValues.writeVarLong(out, epochItem.epoch());
            CompactValues.write(out, epochItem.item());
        }

        @Override
        public EpochItem<?> read(ObjectDataInput in) throws IOException {
            long epoch = CompactValues.readVarLong(in);
            return new EpochItem<>(epoch, CompactValues.read(in));
        }
    }

    /** {@code (key, value)}: each as a {@link CompactValues} value. */
    static final class KeyValueSerializer extends Typed<KeyValue<?, ?>> {
        KeyValueSerializer() {
            super(KEY_VALUE_TYPE_ID, KeyValue.class);
        }

        @Override
        public void write(ObjectDataOutput out, KeyValue<?, ?> keyValue) throws IOException {
            CompactValues.write(out, keyValue.key());
            CompactValues.write(out, keyValue.value());
        }

        @Override
        public KeyValue<?, ?> read(ObjectDataInput in) throws IOException {
            Object key = CompactValues.read(in);
            return new KeyValue<>(key, CompactValues.read(in));
        }
    }

    /** A key's state in a snapshot: the key, the state if any, then each epoch with its value. */
    static final class KeySnapshotSerializer extends Typed<KeySnapshot> {
        KeySnapshotSerializer() {
            super(KEY_SNAPSHOT_TYPE_ID, KeySnapshot.class);
        }

        @Override
        public void write(ObjectDataOutput out, KeySnapshot snapshot) throws IOException {
            out.writeObject(snapshot.key());
            out.writeBoolean(snapshot.hasState());
            if (snapshot.hasState()) {
                out.writeObject(snapshot.state());
            }
            out.writeLongArray(snapshot.epochs());
            for (Object value : snapshot.values()) {
                out.writeObject(value);
            }
        }

        @Override
        public KeySnapshot read(ObjectDataInput in) throws IOException {
            Object key = in.readObject();
            boolean hasState = in.readBoolean();
            Object state = hasState ? in.readObject() : null;
            long[] epochs = in.readLongArray();
            Object[] values = new Object[epochs.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readObject();
            }
            return new KeySnapshot(key, hasState, state, epochs, values);
        }
    }

    /** The snapshot key of a key's state: the step, and the partition anchor (an {@code Integer}). */
    static final class StateKeySerializer extends Typed<StateKey> {
        StateKeySerializer() {
            super(STATE_KEY_TYPE_ID, StateKey.class);
        }

        @Override
        public void write(ObjectDataOutput out, StateKey key) throws IOException {
            out.writeInt(key.step());
            out.writeObject(key.anchor());
        }

        @Override
        public StateKey read(ObjectDataInput in) throws IOException {
            int step = in.readInt();
            return new StateKey(step, in.readObject());
        }
    }
}
