package dev.sluice.server.kafka;

import static dev.sluice.server.ServiceTestSupport.assertProblem;
import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.json;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.examples.AnomalyDetector;
import dev.sluice.examples.Wordcount;
import dev.sluice.execution.Sluice;
import dev.sluice.server.ServiceTestSupport;
import dev.sluice.server.json.SluiceJsonModule;
import dev.sluice.testing.KafkaBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jobs that read a Kafka topic and write one (issue 20), against a real broker in this JVM: the
 * example flows give what a local run gives, epoch for epoch, also from several partitions; a record
 * that does not convert and a broker that does not answer fail the job with the reason; requests that
 * cannot work are refused, and a view never shows a property's value.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaJobsTest {

    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(new SluiceJsonModule()).build();
    private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(60);

    private static KafkaBroker broker;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        ServiceTestSupport.isolatedCluster(registry);
    }

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private String url(String path) {
        return ServiceTestSupport.url(port, path);
    }

    private String start(String flow, String request) {
        HttpResponse<String> created = postJson(url("/flows/" + flow + "/jobs"), request);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return json(created).get("id").asString();
    }

    private JsonNode job(String id) {
        HttpResponse<String> response = get(url("/jobs/" + id));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static String kafka(String topic, String more) {
        return "{\"type\": \"kafka\", \"bootstrapServers\": \"" + broker.bootstrapServers() + "\", \"topic\": \""
                + topic + "\"" + more + "}";
    }

    /** What a local run of the flow gives, as {@code epoch json-item}, one per pair. */
    private static <I> List<String> local(Dataflow<I, ?> flow, List<EpochItem<I>> input) {
        return Sluice.run(flow, input).stream()
                .map(pair -> pair.epoch() + " " + JSON.writeValueAsString(pair.item()))
                .toList();
    }

    /** What the topic holds, as {@code epoch json-item}, once the expected number of records came. */
    private static List<String> committed(String topic, int count) {
        return broker.readCommitted(topic, count, OUTPUT_TIMEOUT, Duration.ofSeconds(2)).stream()
                .map(read -> read.epoch() + " " + read.value())
                .toList();
    }

    @Test
    void wordcountFromOneTopicToAnotherGivesTheCountsOfALocalRunPerEpoch() throws Exception {
        String lines = KafkaBroker.uniqueTopic("lines");
        String counts = KafkaBroker.uniqueTopic("counts");
        broker.createTopic(lines, 2);
        broker.createTopic(counts, 1);
        String[] text = {"to be or not to be", "to see", "or not", "be be be", "see to it", "not so"};
        List<EpochItem<String>> input = new ArrayList<>();
        for (int i = 0; i < 18; i++) {
            int epoch = i / 3;
            String line = text[i % text.length];
            input.add(EpochItem.of(epoch, line));
            broker.produce(lines, i % 2, epoch * 1000L + i, JSON.writeValueAsString(line));
        }
        // epoch 6 on every partition completes epoch 5; it stays open itself
        broker.produce(lines, 0, 6_000, "\"end\"");
        broker.produce(lines, 1, 6_001, "\"end\"");
        List<String> expected = local(Wordcount.flow(), input);

        String id = start(
                "wordcount",
                "{\"input\": " + kafka(lines, ", \"properties\": {\"client.id\": \"s3cret-client\"}")
                        + ", \"output\": " + kafka(counts, "")
                        + ", \"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 200}");

        assertThat(committed(counts, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode view = job(id);
        assertThat(view.get("status").asString()).isEqualTo("RUNNING");
        assertThat(view.at("/input/topic").asString()).isEqualTo(lines);
        assertThat(view.at("/input/epochs/by").asString()).isEqualTo("timestamp");
        assertThat(view.at("/input/epochs/lengthMillis").asLong()).isEqualTo(1000);
        assertThat(view.at("/input/properties/client.id").asString()).isEqualTo(KafkaSettings.MASK);
        assertThat(view.get("countIn").isNull()).isTrue();
        assertThat(get(url("/jobs")).body()).doesNotContain("s3cret");
        assertThat(view.toString()).doesNotContain("s3cret");
        assertThat(ServiceTestSupport.send("DELETE", url("/jobs/" + id), null, null, null)
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void epochsByOffsetGiveTheCountsOfALocalRunOverEveryThreeRecordsOfAPartition() throws Exception {
        String lines = KafkaBroker.uniqueTopic("lines");
        String counts = KafkaBroker.uniqueTopic("counts");
        broker.createTopic(lines, 2);
        broker.createTopic(counts, 1);
        String[] text = {"to be or not to be", "to see", "or not", "be be be", "see to it", "not so", "so be it"};
        List<EpochItem<String>> input = new ArrayList<>();
        for (int offset = 0; offset < 9; offset++) {
            for (int partition = 0; partition < 2; partition++) {
                String line = text[(partition * 9 + offset) % text.length];
                input.add(EpochItem.of(offset / 3, line));
                // timestamps that go back: by offset they do not matter
                broker.produce(lines, partition, 1_000_000L - offset * 1000L, JSON.writeValueAsString(line));
            }
        }
        // offset 9 (epoch 3) on every partition completes epoch 2; it stays open itself
        broker.produce(lines, 0, 0, "\"end\"");
        broker.produce(lines, 1, 0, "\"end\"");
        List<String> expected = local(Wordcount.flow(), input);

        String id = start(
                "wordcount",
                "{\"input\": " + kafka(lines, ", \"epochs\": {\"by\": \"offset\", \"records\": 3}") + ", \"output\": "
                        + kafka(counts, "") + ", \"snapshotIntervalMillis\": 200}");

        assertThat(committed(counts, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
        JsonNode view = job(id);
        assertThat(view.at("/input/epochs/by").asString()).isEqualTo("offset");
        assertThat(view.at("/input/epochs/records").asLong()).isEqualTo(3);
        assertThat(view.at("/input/epochs").has("lengthMillis")).isFalse();
        ServiceTestSupport.send("DELETE", url("/jobs/" + id), null, null, null);
    }

    @Test
    void workersWithoutAPartitionDoNotHoldTheEpochsBack() throws Exception {
        String lines = KafkaBroker.uniqueTopic("lines");
        String counts = KafkaBroker.uniqueTopic("counts");
        broker.createTopic(counts, 1);
        // three workers, one partition: two sources own none. The topic is made only once the sources
        // have looked for it, so that each first sees no partition at all
        String id = start(
                "wordcount",
                "{\"input\": " + kafka(lines, ", \"properties\": {\"allow.auto.create.topics\": \"false\"}")
                        + ", \"output\": " + kafka(counts, "")
                        + ", \"workersPerProcess\": 3, \"snapshotIntervalMillis\": 200}");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).get("status").asString().equals("RUNNING"));
        Thread.sleep(2_000); // the sources ask for the topic's partitions at once, and again until they are there
        broker.createTopic(lines, 1);
        List<EpochItem<String>> input = List.of(
                EpochItem.of(0, "to be"), EpochItem.of(0, "or not"), EpochItem.of(1, "to be"), EpochItem.of(2, "end"));
        for (EpochItem<String> line : input) {
            broker.produce(lines, 0, line.epoch() * 1000, JSON.writeValueAsString(line.item()));
        }
        List<String> expected = local(Wordcount.flow(), input.subList(0, 3));

        assertThat(committed(counts, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
        ServiceTestSupport.send("DELETE", url("/jobs/" + id), null, null, null);
    }

    /**
     * What the README promises of a quiet partition: after {@code idleTimeoutMillis} without records
     * it stops holding the job back, so the other partition's epochs complete without it; a record it
     * has later, of an epoch already complete, is counted in the lowest epoch still open, never
     * dropped and never in an epoch put out before.
     */
    @Test
    void aRecordOfAPartitionThatWakesAfterItsIdleTimeoutIsCountedInTheLowestOpenEpoch() throws Exception {
        String lines = KafkaBroker.uniqueTopic("lines");
        String counts = KafkaBroker.uniqueTopic("counts");
        broker.createTopic(lines, 2);
        broker.createTopic(counts, 1);
        // before the job starts, so that both partitions deliver long before the timeout: epoch 0
        // completes with both, without idleness
        broker.produce(lines, 0, 0, "\"to be\"");
        broker.produce(lines, 1, 1, "\"or not\"");
        broker.produce(lines, 0, 1_000, "\"to see\"");
        broker.produce(lines, 1, 1_001, "\"it\"");
        String id = start(
                "wordcount",
                "{\"input\": " + kafka(lines, ", \"idleTimeoutMillis\": 2000") + ", \"output\": " + kafka(counts, "")
                        + ", \"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 200}");
        List<String> epochZero = List.of("0 [\"to\",1]", "0 [\"be\",1]", "0 [\"or\",1]", "0 [\"not\",1]");
        assertThat(committed(counts, epochZero.size())).containsExactlyInAnyOrderElementsOf(epochZero);

        // partition 1 stays quiet: once idle, partition 0 alone completes epoch 1
        broker.produce(lines, 0, 2_000, "\"so\"");
        List<String> throughEpochOne = new ArrayList<>(epochZero);
        throughEpochOne.addAll(List.of("1 [\"to\",1]", "1 [\"see\",1]", "1 [\"it\",1]"));
        assertThat(committed(counts, throughEpochOne.size())).containsExactlyInAnyOrderElementsOf(throughEpochOne);

        // partition 1 wakes with a record of epoch 0, complete already: it counts in epoch 2. Its own
        // next record completes epoch 2 (partition 0 is idle by then), so it cannot be read too late
        broker.produce(lines, 1, 500, "\"be late\"");
        broker.produce(lines, 1, 3_000, "\"end\"");
        List<String> expected = new ArrayList<>(throughEpochOne);
        expected.addAll(List.of("2 [\"so\",1]", "2 [\"be\",1]", "2 [\"late\",1]"));
        assertThat(committed(counts, expected.size())).containsExactlyInAnyOrderElementsOf(expected);
        ServiceTestSupport.send("DELETE", url("/jobs/" + id), null, null, null);
    }

    @Test
    void theAnomalyDetectorReadsThreePartitionsInEpochOrder() throws Exception {
        String readings = KafkaBroker.uniqueTopic("readings");
        String anomalies = KafkaBroker.uniqueTopic("anomalies");
        broker.createTopic(readings, 3);
        broker.createTopic(anomalies, 1);
        String[] metrics = {"cpu", "memory", "disk"};
        Random random = new Random(20);
        List<EpochItem<KeyValue<String, Double>>> input = new ArrayList<>();
        List<String[]> records = new ArrayList<>();
        for (int epoch = 0; epoch < 12; epoch++) {
            for (int m = 0; m < metrics.length; m++) {
                double value = epoch == 9 && m == 0 ? 95.0 : 10 * (m + 1) + random.nextInt(5);
                input.add(EpochItem.of(epoch, KeyValue.of(metrics[m], value)));
                // a metric's readings go round the partitions, so its order is the epochs' alone
                records.add(new String[] {
                    Integer.toString((epoch + m) % 3),
                    Long.toString(epoch * 1000L + m),
                    "[\"" + metrics[m] + "\", " + value + "]"
                });
            }
        }
        // the partitions get their records out of step: partition 2 first, then 1, then 0
        for (int partition = 2; partition >= 0; partition--) {
            for (String[] record : records) {
                if (Integer.parseInt(record[0]) == partition) {
                    broker.produce(readings, partition, Long.parseLong(record[1]), record[2]);
                }
            }
        }
        // epoch 12 on every partition: stateful_map takes a reading once its epoch is the lowest still open
        for (int partition = 0; partition < 3; partition++) {
            broker.produce(readings, partition, 12_000, "[\"cpu\", 1.0]");
            input.add(EpochItem.of(12, KeyValue.of("cpu", 1.0)));
        }
        List<String> expected = local(AnomalyDetector.flow(), input);

        String id = start(
                "anomaly-detector",
                "{\"input\": " + kafka(readings, "") + ", \"output\": " + kafka(anomalies, "")
                        + ", \"workersPerProcess\": 2, \"snapshotIntervalMillis\": 200}");

        List<String> got = committed(anomalies, expected.size());
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(got).anyMatch(pair -> pair.startsWith("9 [\"cpu\",[95.0,") && pair.endsWith("true]]"));
        ServiceTestSupport.send("DELETE", url("/jobs/" + id), null, null, null);
    }

    @Test
    void aRecordThatDoesNotConvertFailsTheJobNamingTopicPartitionAndOffset() throws Exception {
        String topic = KafkaBroker.uniqueTopic("bad");
        broker.createTopic(topic, 1);
        broker.produce(topic, 0, 0, "\"fine\"");
        broker.produce(topic, 0, 1, "12");

        String id = start("wordcount", "{\"input\": " + kafka(topic, "") + ", \"output\": {\"type\": \"http\"}}");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).get("status").asString().equals("FAILED"));
        String message = job(id).at("/failure/message").asString();
        assertThat(message)
                .contains("the record at offset 1 of partition 0 of the topic '" + topic + "'")
                .contains("does not convert to String");
    }

    @Test
    void aBrokerThatDoesNotAnswerFailsTheJobWithTheReason() {
        String servers = "127.0.0.1:" + ServiceTestSupport.freePort();
        String id = start(
                "wordcount",
                "{\"input\": {\"type\": \"kafka\", \"bootstrapServers\": \"" + servers + "\", \"topic\": \"lines\", "
                        + "\"properties\": {\"default.api.timeout.ms\": \"2000\", \"request.timeout.ms\": \"1000\"}}, "
                        + "\"output\": {\"type\": \"http\"}}");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).get("status").asString().equals("FAILED"));
        assertThat(job(id).at("/failure/message").asString())
                .contains("the Kafka brokers at " + servers + " did not answer")
                .contains("default.api.timeout.ms");
    }

    @Test
    void anOutputWhoseBrokerDoesNotAnswerFailsTheJobWithTheReason() throws Exception {
        String lines = KafkaBroker.uniqueTopic("lines");
        broker.createTopic(lines, 1);
        broker.produce(lines, 0, 0, "\"to be\"");
        String servers = "127.0.0.1:" + ServiceTestSupport.freePort();
        String id = start(
                "wordcount",
                "{\"input\": " + kafka(lines, "") + ", \"output\": {\"type\": \"kafka\", \"bootstrapServers\": \""
                        + servers + "\", \"topic\": \"counts\", \"properties\": {\"max.block.ms\": \"1000\"}}, "
                        + "\"processingGuarantee\": \"exactly-once\"}");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> job(id).get("status").asString().equals("FAILED"));
        assertThat(job(id).at("/failure/message").asString())
                .contains("the Kafka brokers at " + servers + " did not answer within max.block.ms");
    }

    @Test
    void requestsAKafkaEndpointCannotServeAreRefused() {
        Map<String, String> refused = Map.of(
                "{\"input\": {\"type\": \"kafka\", \"topic\": \"t\"}}",
                "the kafka input: bootstrapServers is required",
                "{\"input\": " + kafka("t", ", \"epochs\": {\"by\": \"offset\"}") + "}",
                "epochs \"by\": \"offset\" needs \"records\"",
                "{\"input\": " + kafka("t", ", \"epochs\": {\"by\": \"wall-clock\"}") + "}",
                "epochs.by must be \"timestamp\" or \"offset\"",
                "{\"input\": " + kafka("t", ", \"properties\": {\"value.deserializer\": \"x\"}") + "}",
                "properties must not set \"value.deserializer\"",
                "{\"output\": " + kafka("t", ", \"idleTimeoutMillis\": 10") + "}",
                "the kafka output: epochs and idleTimeoutMillis are for a kafka input",
                "{\"input\": " + kafka("no spaces allowed", "") + "}",
                "topic is required",
                "{\"input\": " + kafka("t", ", \"idleTimeoutMillis\": 0") + "}",
                "idleTimeoutMillis must be between 1 and");
        refused.forEach(
                (request, detail) -> assertProblem(postJson(url("/flows/wordcount/jobs"), request), 400, detail));
    }
}
