package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.aggregate.AggregateOperations;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.SourceBuilder;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code wordcount} job of the service done as a careful Jet user would without Sluice, for the
 * bulk HTTP comparison: the request's JSON body {@code [[epoch, line], …]} read with Jackson's
 * streaming parser, a raw Jet {@link Pipeline} on the same member (lower-case, the same tokens,
 * {@code groupingKey((epoch, word)).aggregate(counting())}: Jet's two-stage aggregation), and the
 * output written as the service writes it, {@code [[epoch, [word, count]], …]}. No HTTP.
 *
 * <p>The member runs in this JVM, so the pipeline's source and sink reach the lines and the output
 * through statics (pipeline functions are serialized; a capture would copy the list). The grouping
 * key is a {@code String} ({@code epoch + ' ' + word}), which Jet's partitioner serializes fast.
 */
final class RawJetWordcount {

    private static volatile List<Line> lines = List.of();
    private static final Queue<Map.Entry<String, Long>> OUTPUT = new ConcurrentLinkedQueue<>();

    record Line(long epoch, String text) {}

    private RawJetWordcount() {}

    /** Reads the body, runs the pipeline with {@code workers} processors per vertex, writes the output. */
    static byte[] run(HazelcastInstance member, ObjectMapper mapper, byte[] body, int workers) {
        return run(member, mapper, body, workers, false);
    }

    /**
     * The same, with {@code singleStage}: every {@code (epoch, word)} rebalanced by key to one
     * aggregation stage, which is the shape of the service's flow ({@code reduceEpoch} after an
     * exchange by key); without it, Jet's default two-stage aggregation (a local count first).
     */
    static byte[] run(HazelcastInstance member, ObjectMapper mapper, byte[] body, int workers, boolean singleStage) {
        lines = parse(mapper, body);
        OUTPUT.clear();
        try {
            member.getJet().newLightJob(pipeline(workers, singleStage)).join();
            return write(mapper);
        } finally {
            lines = List.of();
            OUTPUT.clear();
        }
    }

    static List<Line> parse(ObjectMapper mapper, byte[] body) {
        List<Line> parsed = new ArrayList<>();
        try (JsonParser parser = mapper.createParser(body)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                expect(parser.nextToken(), JsonToken.VALUE_NUMBER_INT);
                long epoch = parser.getLongValue();
                expect(parser.nextToken(), JsonToken.VALUE_STRING);
                String text = parser.getString();
                expect(parser.nextToken(), JsonToken.END_ARRAY);
                parsed.add(new Line(epoch, text));
            }
        }
        return parsed;
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected " + expected + ", got " + actual);
        }
    }

    private static Pipeline pipeline(int workers, boolean singleStage) {
        BatchSource<Line> source = SourceBuilder.batch(
                        "json-lines", context -> new int[] {context.globalProcessorIndex(), context.totalParallelism()})
                .<Line>fillBufferFn((cursor, buffer) -> {
                    List<Line> all = lines;
                    for (int n = 0; n < 1024; n++) {
                        if (cursor[0] >= all.size()) {
                            buffer.close();
                            return;
                        }
                        buffer.add(all.get(cursor[0]));
                        cursor[0] += cursor[1];
                    }
                })
                .distributed(workers)
                .build();
        Pipeline pipeline = Pipeline.create();
        var keys = pipeline.readFrom(source)
                .flatMap(line -> Traversers.traverseIterable(
                                Workloads.tokens(line.text().toLowerCase()))
                        .map(word -> line.epoch() + " " + word))
                .setLocalParallelism(workers);
        (singleStage ? keys.rebalance(key -> key) : keys)
                .groupingKey(key -> key)
                .aggregate(AggregateOperations.counting())
                .setLocalParallelism(workers)
                .writeTo(collect(workers));
        return pipeline;
    }

    private static Sink<Map.Entry<String, Long>> collect(int workers) {
        return SinkBuilder.sinkBuilder("collect", context -> OUTPUT)
                .<Map.Entry<String, Long>>receiveFn(Queue::add)
                .preferredLocalParallelism(workers)
                .build();
    }

    private static byte[] write(ObjectMapper mapper) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try (JsonGenerator json = mapper.createGenerator(out)) {
            json.writeStartArray();
            for (Map.Entry<String, Long> count : OUTPUT) {
                String key = count.getKey();
                int space = key.indexOf(' ');
                json.writeStartArray();
                json.writeNumber(Long.parseLong(key, 0, space, 10));
                json.writeStartArray();
                json.writeString(key.substring(space + 1));
                json.writeNumber(count.getValue().intValue());
                json.writeEndArray();
                json.writeEndArray();
            }
            json.writeEndArray();
        }
        return out.toByteArray();
    }
}
