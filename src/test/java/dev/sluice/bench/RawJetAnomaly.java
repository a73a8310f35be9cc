package dev.sluice.bench;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.jet.pipeline.BatchSource;
import com.hazelcast.jet.pipeline.Pipeline;
import com.hazelcast.jet.pipeline.Sink;
import com.hazelcast.jet.pipeline.SinkBuilder;
import com.hazelcast.jet.pipeline.SourceBuilder;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.examples.AnomalyDetector;
import dev.sluice.examples.AnomalyDetectorLoop;
import java.util.Map;

/**
 * The anomaly detector as a careful Jet user would write it without Sluice: a batch source whose
 * processor {@code w} of {@code n} reads the readings {@code i} with {@code i % n == w} (as the Jet
 * driver's workers do), {@code groupingKey(metric).mapStateful(detector, push)} (Jet's keyed state: a
 * hash map in each processor, items routed to it by a partitioned edge), and a sink that counts the
 * verdicts into {@link BenchmarkSuite}'s adders. Local parallelism {@code workers} everywhere, as a
 * light job on the given member; the member is in this JVM, so the sink reaches the adders through
 * statics.
 */
final class RawJetAnomaly {

    static final String NAME = "raw jet, groupingKey.mapStateful";

    private RawJetAnomaly() {}

    static void run(HazelcastInstance member, int keys, int workers) {
        member.getJet().newLightJob(pipeline(keys, workers)).join();
    }

    static Pipeline pipeline(int keys, int workers) {
        BatchSource<KeyValue<String, Double>> source = SourceBuilder.batch(
                        "readings", context -> new long[] {context.globalProcessorIndex(), context.totalParallelism()})
                .<KeyValue<String, Double>>fillBufferFn((cursor, buffer) -> {
                    for (int n = 0; n < 1024; n++) {
                        if (cursor[0] >= BenchmarkSuite.READINGS) {
                            buffer.close();
                            return;
                        }
                        buffer.add(BenchmarkSuite.reading(cursor[0], keys));
                        cursor[0] += cursor[1];
                    }
                })
                .distributed(workers)
                .build();
        Pipeline pipeline = Pipeline.create();
        pipeline.readFrom(source)
                .setLocalParallelism(workers)
                .groupingKey(KeyValue::key)
                .mapStateful(
                        AnomalyDetectorLoop.Detector::new,
                        (detector, metric, reading) -> Map.entry(metric, detector.push(reading.value())))
                .setLocalParallelism(workers)
                .writeTo(verdicts(workers));
        return pipeline;
    }

    private static Sink<Map.Entry<String, AnomalyDetector.Anomaly>> verdicts(int workers) {
        return SinkBuilder.sinkBuilder("verdicts", context -> BenchmarkSuite.VERDICTS)
                .<Map.Entry<String, AnomalyDetector.Anomaly>>receiveFn(
                        (adder, verdict) -> BenchmarkSuite.verdict(verdict.getKey(), verdict.getValue()))
                .preferredLocalParallelism(workers)
                .build();
    }
}
