package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static dev.sluice.server.ServiceTestSupport.postJson;
import static dev.sluice.server.ServiceTestSupport.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.examples.Wordcount;
import dev.sluice.execution.Sluice;
import dev.sluice.server.ServiceCluster.Member;
import dev.sluice.server.json.SluiceJsonModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A split cluster (issue 16): a member that is alive but silent for longer than failure detection
 * (frozen with {@code SIGSTOP}, as a member starved of CPU or cut off is) is removed by the others,
 * finds itself alone when it wakes ({@code SIGCONT}), and merges back into the cluster. An
 * exactly-once job running all along must come out with every pair once, and complete.
 *
 * <p>Three member JVMs with failure detection at 8 s and Hazelcast's merge check every 6 s, so that a
 * split and its merge take seconds. Each scenario starts a {@code wordcount} job
 * snapshotting every 100 ms through a member that stays, feeds a third of the input, freezes a member
 * (another one, then the master: Hazelcast's oldest member and Jet's coordinator of every job), waits
 * until the two others have removed it, feeds the second third through them, wakes the frozen one,
 * waits until all three agree again, feeds the rest, closes the input and reads the output from every
 * member: exactly the one-worker local result, as a multiset. When the member woken is seen alone, a
 * body of input is sent through it: it must be refused ({@code 503}), as the merge would drop it (before
 * the service's maps had split-brain protection it was taken, and lost: the job counted 216 of 240 pairs).
 *
 * <p>Progress goes to standard output as {@code [split +s] …} lines, with what each member logged about
 * membership, merging and restarting jobs; {@code -Dsluice.child.echo=true} adds every member's output.
 */
@EnabledOnOs(OS.LINUX)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SplitBrainTest {

    private static final int MEMBERS = 3;

    private static final List<String> MEMBER_JVM_OPTIONS = List.of(
            // removed after 8 s without a heartbeat (heartbeats every second); at 3 s, the shortest Sluice
            // accepts, the two left on a loaded machine removed each other too, and at 5 s they did so once
            // in CI, where one of them then stayed alone for minutes (the members' lines this test prints
            // when it fails are there to say why, should it happen again)
            "-Dsluice.cluster.failure-detection-seconds=8",
            // look for a split cluster to merge with every 6 s: long enough for the member left alone to
            // restart its jobs there (as it did before jobs had Jet's split-brain protection) and take input
            "-Dhazelcast.merge.first.run.delay.seconds=6",
            "-Dhazelcast.merge.next.run.delay.seconds=6",
            // Jet includes the merged member in its jobs soon after
            "-D" + MemberTestSettings.SCALE_UP_DELAY_PROPERTY + "=1000",
            // Hazelcast's membership, merge and job restart lines, at config/application-cluster.yaml's levels
            "-Dhazelcast.logging.type=slf4j",
            // and the joiner's and heartbeat manager's decisions: who suspects whom, who merges to whom
            "-Dlogging.level.com.hazelcast.internal.cluster=INFO");

    private static final String JOB_REQUEST = "{\"input\": {\"type\": \"http\"}, \"output\": {\"type\": \"http\"}, "
            + "\"processingGuarantee\": \"exactly-once\", \"snapshotIntervalMillis\": 100}";

    private static final int EPOCHS = 30;
    private static final int EPOCHS_PER_BODY = 3;

    /** Until the members agree on a membership: generous, for a loaded machine. */
    private static final Duration MEMBERSHIP_TIMEOUT = Duration.ofSeconds(90);
    /** How long the member woken is watched for the moment it sees itself alone. */
    private static final Duration ALONE_WAIT = Duration.ofSeconds(20);
    /** Until a job has put out what its input so far completes, or has completed. */
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(120);

    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(new SluiceJsonModule()).build();
    private static final long T0 = System.nanoTime();

    private static ServiceCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = ServiceCluster.start("split", MEMBERS, 2, MEMBER_JVM_OPTIONS);
        log("cluster is up: " + cluster.members());
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.members().forEach(member -> signal("CONT", member));
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aMemberFrozenPastFailureDetectionAndMergedBackLosesNothingAndRepeatsNothing() throws Exception {
        scenario(false, 16);
    }

    @Test
    @Order(2)
    void theMasterFrozenPastFailureDetectionAndMergedBackLosesNothingAndRepeatsNothing() throws Exception {
        scenario(true, 17);
    }

    private void scenario(boolean master, long seed) throws Exception {
        try {
            run(master, seed);
        } finally {
            logMembersLines();
        }
    }

    private void run(boolean master, long seed) throws Exception {
        cluster.awaitMembership(MEMBERSHIP_TIMEOUT);
        List<Member> members = byProcessId();
        Member victim = master ? members.get(0) : members.get(2);
        List<Member> others = new ArrayList<>(members);
        others.remove(victim);

        List<EpochItem<String>> input = ExampleInputs.wordcount(new Random(seed), EPOCHS, 8);
        List<String> expected = new ArrayList<>();
        JSON.valueToTree(Sluice.run(Wordcount.flow(), input)).forEach(pair -> expected.add(ChaosTest.canonical(pair)));
        List<List<EpochItem<String>>> bodies = byEpochs(input);
        int third = bodies.size() / 3;

        HttpResponse<String> created = postJson(others.get(0).url("/flows/wordcount/jobs"), JOB_REQUEST);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asString();
        log("started wordcount job " + id + " through " + others.get(0) + "; " + victim + " is to freeze"
                + (master ? " (the master)" : ""));

        feed(id, bodies, 0, third, members);
        awaitOutputBelow(id, expected, (long) third * EPOCHS_PER_BODY - 1, others);

        signal("STOP", victim);
        log("SIGSTOP " + victim);
        try {
            awaitMembers(others, others);
            log("the others removed it: " + others);
            feed(id, bodies, third, 2 * third, others);
            awaitOutputBelow(id, expected, 2L * third * EPOCHS_PER_BODY - 1, others);
        } finally {
            signal("CONT", victim);
            log("SIGCONT " + victim);
        }
        int next = 2 * third;
        if (awaitAlone(victim)) {
            // a body through the member alone: refused, or else it must come out like any other
            HttpResponse<String> fed =
                    postJson(victim.url("/jobs/" + id + "/input"), JSON.writeValueAsString(bodies.get(next)));
            log("body " + next + " through " + victim + ", alone: " + fed.statusCode() + " " + fed.body());
            if (fed.statusCode() == 202) {
                next++;
            } else {
                assertThat(fed.statusCode()).as(fed.body()).isEqualTo(503);
                assertThat(fed.body()).contains("too few of its cluster's members");
            }
        } else {
            log(victim + " was not seen alone within " + ALONE_WAIT.toSeconds() + " s");
        }
        cluster.awaitMembership(MEMBERSHIP_TIMEOUT);
        log("merged: every member sees " + cluster.members());

        feed(id, bodies, next, bodies.size(), members);
        HttpResponse<String> closed = send("POST", others.get(1).url("/jobs/" + id + "/input/close"), null, null, null);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(202);

        JsonNode view = awaitEnd(id, others.get(1));
        for (Member member : members) {
            view = jobView(member, id);
            assertThat(view.path("status").asString())
                    .as("the job on %s: %s", member, view)
                    .isEqualTo("COMPLETED");
            assertThat(view.path("countIn").asLong()).as("input on %s", member).isEqualTo(input.size());
            HttpResponse<String> output = get(member.url("/jobs/" + id + "/output"));
            assertThat(output.statusCode()).as(output.body()).isEqualTo(200);
            List<String> actual = new ArrayList<>();
            output.body()
                    .lines()
                    .filter(line -> !line.isBlank())
                    .forEach(line -> actual.add(ChaosTest.canonical(JSON.readTree(line))));
            String difference = ChaosTest.difference(actual, expected);
            if (difference != null) {
                fail("the output read from %s after %s froze and merged back: %s", member, victim, difference);
            }
        }
        log("every member gave the exact result of job " + id);
    }

    // --- the cluster ---

    /** Sends a member's JVM a signal ({@code STOP}, {@code CONT}) with {@code kill}. */
    private static void signal(String signal, Member member) {
        try {
            Process kill = new ProcessBuilder(
                            "kill", "-" + signal, Long.toString(member.jvm().pid()))
                    .redirectErrorStream(true)
                    .start();
            if (kill.waitFor() != 0) {
                fail(
                        "kill -%s %s: %s",
                        signal, member, new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until each of {@code asked} shows exactly {@code expected} in {@code GET /cluster}. */
    private static void awaitMembers(List<Member> asked, List<Member> expected) throws InterruptedException {
        Set<String> want = new TreeSet<>(expected.stream().map(Member::address).toList());
        long deadline = System.nanoTime() + MEMBERSHIP_TIMEOUT.toNanos();
        Map<Member, Set<String>> shown = new TreeMap<>((a, b) -> Integer.compare(a.number(), b.number()));
        while (true) {
            shown.clear();
            for (Member member : asked) {
                Set<String> addresses = new TreeSet<>();
                try {
                    HttpResponse<String> response = get(member.url("/cluster"));
                    if (response.statusCode() == 200) {
                        JSON.readTree(response.body())
                                .path("members")
                                .forEach(m -> addresses.add(m.path("address").asString()));
                    }
                } catch (UncheckedIOException e) {
                    // not answering now: ask again
                }
                if (!addresses.equals(want)) {
                    shown.put(member, addresses);
                }
            }
            if (shown.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the members did not come to see %s within %d s: %s", want, MEMBERSHIP_TIMEOUT.toSeconds(), shown);
            }
            Thread.sleep(200);
        }
    }

    /**
     * Waits a while for the member woken to see only itself ({@code true}: the others removed it, and
     * it them); {@code false} when it did not within {@link #ALONE_WAIT}, having merged back at once.
     * Right after waking it still shows the members it had, so three members shown say nothing.
     */
    private static boolean awaitAlone(Member member) throws InterruptedException {
        long deadline = System.nanoTime() + ALONE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = get(member.url("/cluster"));
                if (response.statusCode() == 200
                        && JSON.readTree(response.body()).path("members").size() == 1) {
                    return true;
                }
            } catch (UncheckedIOException e) {
                // not answering yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** The live members by process ID: the oldest (the master) first. */
    private static List<Member> byProcessId() {
        List<Member> members = cluster.members();
        HttpResponse<String> response = get(members.get(0).url("/cluster"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<Integer, Member> byId = new TreeMap<>();
        for (JsonNode shown : JSON.readTree(response.body()).path("members")) {
            String address = shown.path("address").asString();
            byId.put(
                    shown.path("processId").asInt(),
                    members.stream()
                            .filter(m -> m.address().equals(address))
                            .findFirst()
                            .orElseThrow());
        }
        return List.copyOf(byId.values());
    }

    /** What each member logged about membership, merges and job restarts (the end of its output). */
    private static void logMembersLines() {
        for (Member member : cluster.members()) {
            String lines = member.jvm()
                    .outputTail()
                    .lines()
                    .filter(line -> line.contains("Members {")
                            || line.contains("uspect")
                            || line.contains("astership")
                            || line.contains("merge")
                            || line.contains("Merge")
                            || line.contains("MasterJobContext")
                            || line.contains("snapshot")
                            || line.contains("uorum"))
                    .reduce("", (a, b) -> a + "\n    " + b);
            log(member + " logged:" + lines);
        }
    }

    // --- the job ---

    /**
     * Feeds bodies {@code [from, to)}, each through the next member in turn. A member that refuses a body
     * with {@code 503} sees too few members (on a loaded machine even the two left may lose each other
     * for a while): the body goes to the next member, again until one takes it.
     */
    private static void feed(String id, List<List<EpochItem<String>>> bodies, int from, int to, List<Member> through)
            throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        int turn = from;
        for (int b = from; b < to; b++) {
            while (true) {
                Member member = through.get(turn++ % through.size());
                HttpResponse<String> fed =
                        postJson(member.url("/jobs/" + id + "/input"), JSON.writeValueAsString(bodies.get(b)));
                if (fed.statusCode() == 202) {
                    break;
                }
                assertThat(fed.statusCode())
                        .as("body %d through %s: %s", b, member, fed.body())
                        .isEqualTo(503);
                if (System.nanoTime() > deadline) {
                    fail(
                            "no member took body %d within %d s; the last said %s",
                            b, JOB_TIMEOUT.toSeconds(), fed.body());
                }
                log("body " + b + " refused by " + member + ": " + fed.body());
                Thread.sleep(200);
            }
        }
        log("fed bodies " + from + " to " + (to - 1));
    }

    /** Each member's last lines of output, for a failure's message: why a job did not restart is there. */
    private static String memberLogs() {
        StringBuilder logs = new StringBuilder();
        for (Member member : cluster.members()) {
            logs.append("\n--- the last output of ")
                    .append(member)
                    .append(":\n")
                    .append(member.jvm().outputTail());
        }
        return logs.toString();
    }

    /** Waits until the job has put out every pair of the local result below {@code epoch}. */
    private static void awaitOutputBelow(String id, List<String> expected, long epoch, List<Member> through)
            throws InterruptedException {
        long want = expected.stream()
                .filter(pair -> Long.parseLong(pair.substring(1, pair.indexOf(','))) < epoch)
                .count();
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        for (int poll = 0; ; poll++) {
            JsonNode view = jobView(through.get(poll % through.size()), id);
            if (view.path("countOut").asLong() >= want) {
                log("job " + id + " has put out " + view.path("countOut").asLong() + " pairs (" + want + " below epoch "
                        + epoch + ")");
                return;
            }
            if (terminal(view.path("status").asString())) {
                fail("job %s ended before its input was closed: %s%s", id, view, memberLogs());
            }
            if (System.nanoTime() > deadline) {
                fail("job %s did not put out the %d pairs below epoch %d: %s%s", id, want, epoch, view, memberLogs());
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode awaitEnd(String id, Member member) throws InterruptedException {
        long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
        while (true) {
            JsonNode view = jobView(member, id);
            if (terminal(view.path("status").asString())) {
                log("job " + id + " ended: " + view);
                return view;
            }
            if (System.nanoTime() > deadline) {
                logMembersLines();
                fail(
                        "job %s had not ended %d s after its input was closed: %s%s",
                        id, JOB_TIMEOUT.toSeconds(), view, memberLogs());
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode jobView(Member member, String id) {
        HttpResponse<String> response = get(member.url("/jobs/" + id));
        assertThat(response.statusCode())
                .as("GET /jobs/%s on %s: %s", id, member, response.body())
                .isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static List<List<EpochItem<String>>> byEpochs(List<EpochItem<String>> input) {
        Map<Long, List<EpochItem<String>>> bodies = new TreeMap<>();
        for (EpochItem<String> pair : input) {
            bodies.computeIfAbsent(pair.epoch() / EPOCHS_PER_BODY, body -> new ArrayList<>())
                    .add(pair);
        }
        return new ArrayList<>(bodies.values());
    }

    private static boolean terminal(String status) {
        return status.equals("COMPLETED") || status.equals("FAILED") || status.equals("CANCELLED");
    }

    private static void log(String message) {
        System.out.printf("[split +%.1f s] %s%n", (System.nanoTime() - T0) / 1e9, message);
        System.out.flush();
    }
}
