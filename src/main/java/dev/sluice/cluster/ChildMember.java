package dev.sluice.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

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
        ChildJvm.exitWithParent();
        ClusterSettings settings;
        HazelcastInstance member;
        try {
            settings = parse(args);
            member = SluiceMembers.start(settings);
        } catch (RuntimeException | Error e) {
            e.printStackTrace();
            ChildJvm.exitSoon(1);
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
        ChildJvm.exitSoon(0);
    }

    static ClusterSettings parse(String[] args) {
        ClusterSettings settings = ClusterSettings.defaults();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--cluster-name":
                    settings = settings.withClusterName(value);
                    break;
                case "--port":
                    settings = settings.withPort(Integer.parseInt(value));
                    break;
                case "--process-id":
                    settings = settings.withProcessId(Integer.parseInt(value));
                    break;
                case "--member":
                    members.add(value);
                    break;
                case "--bind-address":
                    settings = settings.withBindAddress(value);
                    break;
                case "--backup-count":
                    settings = settings.withBackupCount(Integer.parseInt(value));
                    break;
                case "--failure-detection-seconds":
                    settings = settings.withFailureDetectionSeconds(Integer.parseInt(value));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + option + "; known: --cluster-name, --port, "
                            + "--process-id, --member, --bind-address, --backup-count, --failure-detection-seconds");
            }
        }
        return settings.withMembers(members);
    }
}
