package dev.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiFunction;

/**
 * The main of a child JVM started by {@link LocalCluster}: one Sluice member on loopback, which
 * exits with its parent.
 *
 * <pre>
 * java -cp … dev.sluice.cluster.ChildMember --cluster-name NAME --port PORT --process-id ID \
 *     --member 127.0.0.1:PORT0 --member 127.0.0.1:PORT1 … \
 *     [--bind-address ADDRESS] [--backup-count N] [--failure-detection-seconds S]
 * </pre>
 *
 * <p>Prints {@code SLUICE-READY <processId> <host:port>} once its member has started, and exits
 * when its standard input closes or reads {@code stop} (see {@link ChildJvm}), or when its member
 * shuts down.
 */
public final class ChildMember {

    private ChildMember() {}

    public static void main(String[] args) throws InterruptedException {
        ParentWatch.exitWithParent();
        ClusterSettings settings;
        HazelcastInstance member;
        try {
            settings = parse(args);
            member = SluiceMembers.start(settings);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            ParentWatch.exitSoon(1);
            return;
        }
        CountDownLatch shutdown = new CountDownLatch(1);
        member.getLifecycleService().addLifecycleListener(event -> {
            if (event.getState() == LifecycleState.SHUTDOWN) {
                shutdown.countDown();
            }
        });
        System.out.println(ChildJvm.READY_PREFIX + settings.processId().orElse(-1) + " "
                + Membership.address(member.getCluster().getLocalMember()));
        System.out.flush();
        if (member.getLifecycleService().isRunning()) {
            shutdown.await();
        }
        ParentWatch.exitSoon(0);
    }

    /** Each option and what it sets; {@code --member} may be given several times. */
    private static final Map<String, BiFunction<ClusterSettings, String, ClusterSettings>> OPTIONS = options();

    private static Map<String, BiFunction<ClusterSettings, String, ClusterSettings>> options() {
        Map<String, BiFunction<ClusterSettings, String, ClusterSettings>> options = new LinkedHashMap<>();
        options.put("--cluster-name", ClusterSettings::withClusterName);
        options.put("--port", (settings, value) -> settings.withPort(Integer.parseInt(value)));
        options.put("--process-id", (settings, value) -> settings.withProcessId(Integer.parseInt(value)));
        options.put("--member", (settings, value) -> {
            List<String> members = new ArrayList<>(settings.members());
            members.add(value);
            return settings.withMembers(members);
        });
        options.put("--bind-address", ClusterSettings::withBindAddress);
        options.put("--backup-count", (settings, value) -> settings.withBackupCount(Integer.parseInt(value)));
        options.put(
                "--failure-detection-seconds",
                (settings, value) -> settings.withFailureDetectionSeconds(Integer.parseInt(value)));
        return options;
    }

    static ClusterSettings parse(String[] args) {
        ClusterSettings settings = ClusterSettings.defaults();
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            BiFunction<ClusterSettings, String, ClusterSettings> set = OPTIONS.get(option);
            if (set == null) {
                throw new IllegalArgumentException(
                        "unknown option " + option + "; known: " + String.join(", ", OPTIONS.keySet()));
            }
            settings = set.apply(settings, args[i + 1]);
        }
        return settings;
    }
}
