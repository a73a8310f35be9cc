package dev.sluice.server.kafka;

import dev.sluice.dataflow.ItemType;
import dev.sluice.server.json.PairReader;
import dev.sluice.server.json.SluiceJsonModule;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of Kafka records, on the members that read and write them: Sluice's wire format
 * ({@link SluiceJsonModule}: a key/value item is {@code [key, value]}), read as strictly as HTTP input
 * ({@link PairReader}). One mapper per member; readers per item type, made once.
 */
final class KafkaJson {

    private KafkaJson() {}

    static final JsonMapper MAPPER =
            JsonMapper.builder().addModule(new SluiceJsonModule()).build();

    private static final PairReader PAIRS = new PairReader(MAPPER);
    private static final Map<ItemType, PairReader.ItemReader> READERS = new ConcurrentHashMap<>();

    /** A reader of items of the type. */
    static PairReader.ItemReader reader(ItemType type) {
        return READERS.computeIfAbsent(type, PAIRS::itemReader);
    }
}
