package dev.sluice.server;

import static dev.sluice.server.ServiceTestSupport.get;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.cluster.ChildJvm;
import dev.sluice.cluster.LocalCluster;
import dev.sluice.server.contract.ContractViolations;
import dev.sluice.server.json.SluiceJsonModule;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import tools.jackson.databind.json.JsonMapper;

/**
 * Service members as separate JVMs on loopback, configured only by the environment variables that
 * docker-compose.yml sets (SPEC §5), in a cluster of their own (unique name, free ports, no
 * multicast): for tests of a real cluster, where members start, join, die and leave.
 *
 * <p>Public for the benchmarks ({@code dev.sluice.bench.ServiceSections}).
 *
 * <p>The members are {@link SluiceApplication} JVMs with this JVM's class path (its directories as
 * jars, for the class-data archive they share: {@link MemberClassData}). None outlives the
 * test: {@link #close()} stops them, the shutdown hook of {@link ChildJvm} stops them when this JVM
 * exits, and each exits by itself when its standard input closes
 * ({@value SluiceApplication#EXIT_WITH_PARENT_PROPERTY}), even when this JVM is killed.
 */
public final class ServiceCluster implements AutoCloseable {

    /** How long members have to start and see each other. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** How long members have to exit when asked, before they are killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private static final JsonMapper JSON =
            JsonMapper.builder().addModule(new SluiceJsonModule()).build();

    /**
     * One service member: its JVM, HTTP port and Hazelcast address.
     *
     * @param number 1 for the first member started, 2 for the second, …, never reused
     */
    public record Member(int number, ChildJvm jvm, int httpPort, String address) {

        public String url(String path) {
            return "http://127.0.0.1:" + httpPort + path;
        }

        @Override
        public String toString() {
            return "member " + number + " (http " + httpPort + ", hazelcast " + address + ", pid " + jvm.pid() + ")";
        }
    }

    private final String name;
    private final int workersPerProcess;
    private final List<String> jvmOptions;
    private final MemberClassData.Setup classData;
    /** Every member started, live or not, to stop them all in the end. */
    private final List<Member> started = new CopyOnWriteArrayList<>();
    /** The members that should be running, in start order. */
    private final List<Member> live = new CopyOnWriteArrayList<>();

    private ServiceCluster(String name, int workersPerProcess, List<String> extraJvmOptions) {
        this.name = name;
        this.workersPerProcess = workersPerProcess;
        this.classData = MemberClassData.setup(memberJvmOptions());
        List<String> options = new ArrayList<>(classData.jvmOptions());
        options.addAll(childJvmOptions(extraJvmOptions));
        this.jvmOptions = List.copyOf(options);
    }

    /**
     * Starts {@code members} members that form one cluster, and waits until each is healthy and sees
     * all of them. Stops whatever it started when it fails.
     *
     * @param prefix the start of the cluster's name, which is made unique
     * @param extraJvmOptions more options for every member's JVM, e.g. {@code -Dhazelcast.…=…}
     */
    public static ServiceCluster start(String prefix, int members, int workersPerProcess, List<String> extraJvmOptions)
            throws InterruptedException {
        ServiceCluster cluster =
                new ServiceCluster(prefix + "-" + UUID.randomUUID(), workersPerProcess, extraJvmOptions);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    cluster.startTogether(members);
                    return cluster;
                } catch (AssertionError | RuntimeException e) {
                    cluster.stopAll();
                    // a port found free was taken before a member bound it: once more with new ports
                    if (attempt == 2 || !String.valueOf(e.getMessage()).contains("already in use")) {
                        throw e;
                    }
                }
            }
        } catch (Throwable e) {
            cluster.close();
            throw e;
        }
    }

    /** The cluster's name. */
    String name() {
        return name;
    }

    /** The members that should be running, in start order. */
    public List<Member> members() {
        return List.copyOf(live);
    }

    /**
     * Starts one more member, which joins the running ones, and waits until it is healthy and every
     * member sees every other.
     */
    Member join() throws InterruptedException {
        return join(1).get(0);
    }

    /**
     * Starts {@code count} more members side by side, which join the running ones, and waits until each
     * is healthy and every member sees every other: the JVMs start at once rather than one after another.
     *
     * @return the members started, in start order
     */
    List<Member> join(int count) throws InterruptedException {
        if (count < 1) {
            throw new IllegalArgumentException("at least one member joins, not " + count);
        }
        for (int attempt = 1; ; attempt++) {
            List<Integer> ports = LocalCluster.freeLoopbackPorts(2 * count);
            List<String> addresses =
                    new ArrayList<>(live.stream().map(Member::address).toList());
            for (int i = 0; i < count; i++) {
                addresses.add("127.0.0.1:" + ports.get(i));
            }
            List<Member> joining = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                joining.add(startMember(ports.get(i), ports.get(count + i), addresses));
            }
            try {
                long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
                int members = live.size() + count;
                for (Member member : joining) {
                    awaitMember(member, members, deadline);
                }
                live.addAll(joining);
                awaitMembership(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                return List.copyOf(joining);
            } catch (AssertionError | RuntimeException e) {
                live.removeAll(joining);
                ChildJvm.stopAll(joining.stream().map(Member::jvm).toList(), STOP_GRACE);
                if (attempt == 2 || !String.valueOf(e.getMessage()).contains("already in use")) {
                    throw e;
                }
            }
        }
    }

    /**
     * Kills a member with {@code SIGKILL} and waits until its process has gone (not until the others
     * notice: see {@link #awaitMembership(Duration)}).
     *
     * @return its exit code
     */
    int sigkill(Member member) throws InterruptedException {
        live.remove(member);
        return member.jvm().sigkill(STOP_GRACE);
    }

    /**
     * Stops a member with {@code SIGTERM}, as an orchestrator does, and waits until its process has
     * gone, which includes its graceful shutdown.
     *
     * @return its exit code
     */
    int sigterm(Member member, Duration timeout) throws InterruptedException {
        live.remove(member);
        return member.jvm().sigterm(timeout);
    }

    /** Stops a member the quiet way (its standard input), killing it after {@link #STOP_GRACE}. */
    void stop(Member member) {
        live.remove(member);
        member.jvm().stop(STOP_GRACE);
    }

    /**
     * Waits until every live member is healthy and shows exactly the live members in
     * {@code GET /cluster}: after a member left, until the others have noticed.
     */
    void awaitMembership(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> expected = new TreeSet<>(live.stream().map(Member::address).toList());
        Map<Member, String> last = new LinkedHashMap<>();
        while (true) {
            last.clear();
            for (Member member : live) {
                if (!member.jvm().isAlive()) {
                    fail(member + " exited; its last output:\n" + member.jvm().outputTail());
                }
                try {
                    HttpResponse<String> cluster = get(member.url("/cluster"));
                    if (cluster.statusCode() != 200) {
                        last.put(member, "cluster " + cluster.statusCode() + " " + cluster.body());
                        continue;
                    }
                    Set<String> shown = new TreeSet<>();
                    JSON.readTree(cluster.body())
                            .path("members")
                            .forEach(m -> shown.add(m.path("address").asString()));
                    if (!shown.equals(expected)) {
                        last.put(member, "shows " + shown);
                    }
                } catch (UncheckedIOException e) {
                    last.put(member, String.valueOf(e.getMessage()));
                }
            }
            if (last.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("the members did not agree on the membership " + expected + " within " + timeout.toSeconds()
                        + " s: " + last);
            }
            Thread.sleep(250);
        }
    }

    /** Stops every member this cluster started, running or not. */
    @Override
    public void close() {
        stopAll();
    }

    private void stopAll() {
        List<ChildJvm> jvms = started.stream().map(Member::jvm).toList();
        started.clear();
        live.clear();
        ChildJvm.stopAll(jvms, STOP_GRACE);
    }

    private void startTogether(int count) throws InterruptedException {
        List<Integer> ports = LocalCluster.freeLoopbackPorts(2 * count);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            addresses.add("127.0.0.1:" + ports.get(i));
        }
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            members.add(startMember(ports.get(i), ports.get(count + i), addresses));
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (Member member : members) {
            awaitMember(member, count, deadline);
        }
        live.addAll(members);
    }

    private Member startMember(int hazelcastPort, int httpPort, List<String> addresses) {
        int number = started.size() + 1;
        // what docker-compose.yml sets, on loopback and free ports
        Map<String, String> environment = new LinkedHashMap<>();
        inheritedSettings().forEach(variable -> environment.put(variable, null));
        environment.put("SPRING_PROFILES_ACTIVE", "cluster");
        environment.put("SLUICE_CLUSTER_NAME", name);
        environment.put("SLUICE_CLUSTER_PORT", Integer.toString(hazelcastPort));
        environment.put("SLUICE_CLUSTER_MEMBERS", String.join(",", addresses));
        environment.put("SLUICE_CLUSTER_BIND_ADDRESS", "127.0.0.1");
        environment.put("SLUICE_WORKERS_PER_PROCESS", Integer.toString(workersPerProcess));
        environment.put("SERVER_PORT", Integer.toString(httpPort));
        ChildJvm jvm = ChildJvm.start(
                "member " + number,
                SluiceApplication.class.getName(),
                classData.classPath(),
                jvmOptions,
                List.of(),
                environment);
        Member member = new Member(number, jvm, httpPort, "127.0.0.1:" + hazelcastPort);
        started.add(member);
        return member;
    }

    /** Waits until the member is healthy and sees {@code members} members. */
    private static void awaitMember(Member member, int members, long deadline) throws InterruptedException {
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!member.jvm().isAlive()) {
                fail(member + " exited before it was ready; its last output:\n"
                        + member.jvm().outputTail());
            }
            try {
                HttpResponse<String> health = get(member.url("/actuator/health"));
                last = "health " + health.statusCode() + " " + health.body();
                if (health.statusCode() == 200
                        && JSON.readTree(health.body())
                                .path("status")
                                .asString()
                                .equals("UP")) {
                    HttpResponse<String> cluster = get(member.url("/cluster"));
                    last = "cluster " + cluster.statusCode() + " " + cluster.body();
                    if (cluster.statusCode() == 200
                            && JSON.readTree(cluster.body()).path("members").size() == members) {
                        return;
                    }
                }
            } catch (UncheckedIOException e) {
                last = e.getMessage(); // not listening yet
            }
            Thread.sleep(250);
        }
        fail(member + " was not ready within " + START_TIMEOUT.toSeconds() + " s (last: " + last
                + "); its last output:\n" + member.jvm().outputTail());
    }

    /**
     * Quick to start: C1 only and class-data sharing, the options {@link LocalCluster} gives its
     * members, and the switch that makes a member exit when this JVM closes its standard input.
     */
    /** The options every member starts with, before a cluster's own. */
    static List<String> memberJvmOptions() {
        return childJvmOptions(List.of());
    }

    private static List<String> childJvmOptions(List<String> extra) {
        List<String> options = new ArrayList<>(LocalCluster.DEFAULT_JVM_OPTIONS);
        if (!options.contains("-XX:TieredStopAtLevel=1")) {
            options.add("-XX:TieredStopAtLevel=1");
        }
        options.addAll(List.of(
                "-Xshare:auto",
                "-Xmx512m",
                "-Dspring.main.banner-mode=off",
                "-D" + SluiceApplication.EXIT_WITH_PARENT_PROPERTY + "=true"));
        if (ContractViolations.enabled()) {
            // the members check their responses against openapi/openapi.yaml too, and report to this JVM
            options.add("-D" + ContractViolations.ENABLED_PROPERTY + "=true");
            options.add("-D" + ContractViolations.REPORT_PROPERTY + "=" + ContractViolations.file());
        }
        options.addAll(extra);
        return options;
    }

    /** Settings this JVM's environment might hold that would change a member's configuration. */
    static Set<String> inheritedSettings() {
        Set<String> variables = new HashSet<>();
        for (String variable : System.getenv().keySet()) {
            if (variable.startsWith("SLUICE_")
                    || variable.startsWith("SPRING_")
                    || variable.startsWith("SERVER_")
                    || variable.startsWith("HAZELCAST_")
                    || variable.equals("JAVA_TOOL_OPTIONS")) {
                variables.add(variable);
            }
        }
        return variables;
    }
}
