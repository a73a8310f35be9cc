package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.EpochItem;
import dev.sluice.examples.AnomalyDetector;
import dev.sluice.examples.AppEvent;
import dev.sluice.examples.PageRank;
import dev.sluice.examples.SearchSession;
import dev.sluice.examples.Wordcount;
import dev.sluice.execution.Sluice;
import dev.sluice.server.ServiceCluster.Member;
import dev.sluice.server.json.SluiceJsonModule;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three service members as separate JVMs on loopback, configured only by the environment variables
 * that docker-compose.yml sets (SPEC §5): they form one cluster, every member answers for all of it,
 * the example flows give the one-worker result on every member, and a job started on one member is
 * fed, closed and read on the others.
 *
 * <p>The members are a {@link ServiceCluster}, started together and shared by the tests of this class;
 * {@link #stopCluster()} stops them.
 */
class ThreeMemberClusterTest {

    private static final int MEMBERS = 3;
    private static final int WORKERS_PER_PROCESS = 2;
    private static final double TOLERANCE = 1e-9;
    private static final String HTTP_JOB = "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}}";

    /** Writes inputs and local results as the service does: pairs and key/value items as arrays. */
    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(new SluiceJsonModule()).build();

    private static ServiceCluster serviceCluster;
    /** The three members, in start order. */
    private static List<Member> CLUSTER = List.of();

    // --- the cluster ---

    @BeforeAll
    static void startCluster() throws Exception {
        serviceCluster = ServiceCluster.start("three", MEMBERS, WORKERS_PER_PROCESS, List.of());
        CLUSTER = serviceCluster.members();
    }

    @AfterAll
    static void stopCluster() {
        if (serviceCluster != null) {
            serviceCluster.close();
        }
    }

    // --- GET /cluster ---

    @Test
    void everyMemberShowsTheSameClusterAndMarksItselfAsSelf() {
        Map<Integer, String> first = null;
        for (Member member : CLUSTER) {
            HttpResponse<String> response = get(member.url("/cluster"));
            assertThat(response.statusCode())
                    .as("%s: %s", member, response.body())
                    .isEqualTo(200);
            JsonNode cluster = JSON.readTree(response.body());
            assertThat(cluster.get("name").asString()).as("%s", member).isEqualTo(serviceCluster.name());

            Map<Integer, String> addressById = new TreeMap<>();
            List<String> selves = new ArrayList<>();
            for (JsonNode shown : cluster.get("members")) {
                String previous = addressById.put(
                        shown.get("processId").asInt(), shown.get("address").asString());
                assertThat(previous)
                        .as("%s shows process ID %s twice: %s", member, shown.get("processId"), cluster)
                        .isNull();
                if (shown.get("self").asBoolean()) {
                    selves.add(shown.get("address").asString());
                }
            }
            assertThat(addressById.keySet()).as("%s: %s", member, cluster).containsExactly(0, 1, 2);
            assertThat(addressById.values())
                    .as("%s: %s", member, cluster)
                    .containsExactlyInAnyOrderElementsOf(
                            CLUSTER.stream().map(Member::address).toList());
            assertThat(selves).as("%s: %s", member, cluster).containsExactly(member.address());
            if (first == null) {
                first = addressById;
            } else {
                assertThat(addressById).as("%s against member 1", member).isEqualTo(first);
            }
        }
    }

    // --- POST /flows/{name}/run ---

    @Test
    void wordcountGivesTheOneWorkerResultOnEveryMember() {
        runsOnEveryMemberAsOnOneWorker("wordcount", Wordcount.flow(), ExampleInputs.wordcount(new Random(1), 30, 12));
    }

    @Test
    void searchSessionGivesTheOneWorkerResultOnEveryMember() {
        runsOnEveryMemberAsOnOneWorker("search-session", SearchSession.flow(), searchSessionInput(new Random(2)));
    }

    @Test
    void anomalyDetectorGivesTheOneWorkerResultOnEveryMember() {
        runsOnEveryMemberAsOnOneWorker(
                "anomaly-detector", AnomalyDetector.flow(), ExampleInputs.anomalyReadings(new Random(3), 40));
    }

    @Test
    void pagerankGivesTheOneWorkerResultOnEveryMember() {
        runsOnEveryMemberAsOnOneWorker("pagerank", PageRank.flow(), pagerankInput(new Random(4)));
    }

    private static <I> void runsOnEveryMemberAsOnOneWorker(String name, Dataflow<I, ?> flow, List<EpochItem<I>> input) {
        assertThat(input.size()).as("items").isGreaterThanOrEqualTo(200);
        assertThat(input.stream().map(EpochItem::epoch).distinct().count())
                .as("epochs")
                .isGreaterThanOrEqualTo(20);
        JsonNode expected = JSON.valueToTree(Sluice.run(flow, input));
        assertThat(expected.size()).as("the one-worker output of %s", name).isGreaterThanOrEqualTo(20);
        String body = JSON.writeValueAsString(input);
        for (Member member : CLUSTER) {
            HttpResponse<String> response = postJson(member.url("/flows/" + name + "/run"), body);
            assertThat(response.statusCode())
                    .as("%s on %s: %s", name, member, response.body())
                    .isEqualTo(200);
            assertSameOutput(name + " on " + member, JSON.readTree(response.body()), expected);
        }
    }

    // --- jobs ---

    @Test
    void aJobStartedOnOneMemberIsFedClosedAndReadOnTheOthers() throws Exception {
        Member one = CLUSTER.get(0);
        Member two = CLUSTER.get(1);
        Member three = CLUSTER.get(2);
        List<EpochItem<String>> input = ExampleInputs.wordcount(new Random(5), 24, 10);
        JsonNode expected = JSON.valueToTree(Sluice.run(Wordcount.flow(), input));

        HttpResponse<String> created = postJson(one.url("/flows/wordcount/jobs"), HTTP_JOB);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode job = JSON.readTree(created.body());
        String id = job.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/jobs/" + id);
        assertThat(job.get("processes").asInt()).isEqualTo(MEMBERS);
        assertThat(job.get("workers").asInt()).isEqualTo(MEMBERS * WORKERS_PER_PROCESS);

        JsonNode seen = job(two, id);
        assertThat(seen.get("flow").asString()).isEqualTo("wordcount");
        assertThat(seen.get("status").asString()).isIn("STARTING", "RUNNING", "NOT_RUNNING");
        HttpResponse<String> list = get(two.url("/jobs"));
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> listed = new ArrayList<>();
        JSON.readTree(list.body()).forEach(shown -> listed.add(shown.get("id").asString()));
        assertThat(listed).contains(id);

        // one stream in epoch order, its bodies alternately through member 2 and member 3
        List<List<EpochItem<String>>> bodies = byEpochs(input, 3);
        for (int i = 0; i < bodies.size(); i++) {
            Member feeder = i % 2 == 0 ? two : three;
            HttpResponse<String> fed =
                    postJson(feeder.url("/jobs/" + id + "/input"), JSON.writeValueAsString(bodies.get(i)));
            assertThat(fed.statusCode())
                    .as("body %d through %s: %s", i, feeder, fed.body())
                    .isEqualTo(202);
            assertThat(JSON.readTree(fed.body()).get("accepted").asInt())
                    .isEqualTo(bodies.get(i).size());
        }
        HttpResponse<String> closed = send("POST", three.url("/jobs/" + id + "/input/close"), null, null, null);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(202);
        assertThat(JSON.readTree(closed.body()).get("items").asLong()).isEqualTo(input.size());

        for (Member member : CLUSTER) {
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> job(member, id).get("status").asString(), status -> status.equals("COMPLETED"));
            JsonNode done = job(member, id);
            assertThat(done.get("countIn").asLong()).as("%s", member).isEqualTo(input.size());
            assertThat(done.get("countOut").asLong()).as("%s", member).isEqualTo(expected.size());
            assertThat(done.get("inputClosed").asBoolean()).as("%s", member).isTrue();
        }

        HttpResponse<String> output = get(two.url("/jobs/" + id + "/output"));
        assertThat(output.statusCode()).isEqualTo(200);
        List<JsonNode> pairs = new ArrayList<>();
        output.body().lines().forEach(line -> pairs.add(JSON.readTree(line)));
        assertSameOutput("job " + id + " read from " + two, JSON.valueToTree(pairs), expected);
    }

    private static JsonNode job(Member member, String id) {
        HttpResponse<String> response = get(member.url("/jobs/" + id));
        assertThat(response.statusCode())
                .as("job %s on %s: %s", id, member, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The input cut into bodies of {@code epochsPerBody} epochs each, in order. */
    private static <T> List<List<EpochItem<T>>> byEpochs(List<EpochItem<T>> input, int epochsPerBody) {
        Map<Long, List<EpochItem<T>>> bodies = new TreeMap<>();
        for (EpochItem<T> pair : input) {
            bodies.computeIfAbsent(pair.epoch() / epochsPerBody, body -> new ArrayList<>())
                    .add(pair);
        }
        return new ArrayList<>(bodies.values());
    }

    // --- inputs: many epochs, a few hundred items, in epoch order ---

    /**
     * App events of 30 users, each in sessions from {@code AppOpen} to {@code AppClose}. A user has at
     * most one event per epoch: the order of one key's values within an epoch is not defined, and a
     * session depends on it.
     */
    private static List<EpochItem<AppEvent>> searchSessionInput(Random random) {
        Map<Integer, List<AppEvent>> scripts = new TreeMap<>();
        for (int user = 1; user <= 30; user++) {
            List<AppEvent> script = new ArrayList<>();
            int sessions = 1 + random.nextInt(3);
            for (int s = 0; s < sessions; s++) {
                script.add(new AppEvent(AppEvent.Type.AppOpen, user));
                if (random.nextInt(4) == 0) {
                    script.add(new AppEvent(AppEvent.Type.Results, user)); // before any search: dropped
                }
                int searches = random.nextInt(4);
                for (int q = 0; q < searches; q++) {
                    script.add(new AppEvent(AppEvent.Type.Search, user));
                    if (random.nextBoolean()) {
                        script.add(new AppEvent(AppEvent.Type.Results, user));
                        if (random.nextBoolean()) {
                            script.add(new AppEvent(AppEvent.Type.ClickResult, user));
                        }
                    }
                }
                script.add(new AppEvent(AppEvent.Type.AppClose, user));
            }
            scripts.put(user, script);
        }
        List<EpochItem<AppEvent>> input = new ArrayList<>();
        Map<Integer, Integer> next = new HashMap<>();
        for (long epoch = 0;
                next.size() < scripts.size()
                        || next.entrySet().stream()
                                .anyMatch(e ->
                                        e.getValue() < scripts.get(e.getKey()).size());
                epoch++) {
            for (Map.Entry<Integer, List<AppEvent>> user : scripts.entrySet()) {
                int at = next.getOrDefault(user.getKey(), 0);
                if (at < user.getValue().size() && random.nextInt(3) > 0) {
                    input.add(EpochItem.of(epoch, user.getValue().get(at)));
                    next.put(user.getKey(), at + 1);
                }
            }
        }
        return input;
    }

    /** 15 links a epoch over 20 epochs among 30 pages, with spaces around the names now and then. */
    private static List<EpochItem<String>> pagerankInput(Random random) {
        List<EpochItem<String>> input = new ArrayList<>();
        for (int epoch = 0; epoch < 20; epoch++) {
            for (int link = 0; link < 15; link++) {
                String parent = "p" + random.nextInt(30);
                String child = "p" + random.nextInt(30);
                String line = random.nextInt(4) == 0 ? " " + parent + " , " + child + " " : parent + "," + child;
                input.add(EpochItem.of(epoch, line));
            }
        }
        return input;
    }

    // --- comparing outputs ---

    /**
     * The same pairs in any order, doubles within {@value #TOLERANCE}. Pairs are grouped by their shape
     * with every double left out (the epoch, keys, counts, flags); each group's doubles are then
     * compared in sorted order.
     */
    private static void assertSameOutput(String what, JsonNode actual, JsonNode expected) {
        assertThat(actual.isArray()).as("%s: an array", what).isTrue();
        Map<String, List<List<Double>>> got = byShape(actual);
        Map<String, List<List<Double>>> want = byShape(expected);
        assertThat(got.keySet())
                .as("%s: the pairs without their doubles", what)
                .containsExactlyInAnyOrderElementsOf(want.keySet());
        for (Map.Entry<String, List<List<Double>>> group : want.entrySet()) {
            List<List<Double>> wanted = group.getValue();
            List<List<Double>> gotten = got.get(group.getKey());
            assertThat(gotten)
                    .as("%s: how many pairs are %s", what, group.getKey())
                    .hasSameSizeAs(wanted);
            for (int i = 0; i < wanted.size(); i++) {
                List<Double> w = wanted.get(i);
                List<Double> g = gotten.get(i);
                assertThat(g).as("%s: %s", what, group.getKey()).hasSameSizeAs(w);
                for (int d = 0; d < w.size(); d++) {
                    if (Math.abs(g.get(d) - w.get(d)) > TOLERANCE) {
                        fail("%s: %s has doubles %s, expected %s (within %s)", what, group.getKey(), g, w, TOLERANCE);
                    }
                }
            }
        }
    }

    private static Map<String, List<List<Double>>> byShape(JsonNode pairs) {
        Map<String, List<List<Double>>> groups = new HashMap<>();
        for (JsonNode pair : pairs) {
            List<Double> doubles = new ArrayList<>();
            String shape = shape(pair, doubles);
            groups.computeIfAbsent(shape, s -> new ArrayList<>()).add(doubles);
        }
        Comparator<List<Double>> lexicographic = (a, b) -> {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = Double.compare(a.get(i), b.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
        groups.values().forEach(group -> group.sort(lexicographic));
        return groups;
    }

    /** The JSON with each floating-point number written as {@code #} and collected in {@code doubles}. */
    private static String shape(JsonNode node, List<Double> doubles) {
        if (node.isFloatingPointNumber()) {
            doubles.add(node.asDouble());
            return "#";
        }
        if (node.isArray()) {
            List<String> elements = new ArrayList<>();
            node.forEach(element -> elements.add(shape(element, doubles)));
            return "[" + String.join(",", elements) + "]";
        }
        if (node.isObject()) {
            Map<String, String> fields = new TreeMap<>();
            node.properties().forEach(field -> fields.put(field.getKey(), shape(field.getValue(), doubles)));
            return fields.toString();
        }
        return node.toString();
    }
}
