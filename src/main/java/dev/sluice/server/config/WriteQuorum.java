package dev.sluice.server.config;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.SplitBrainProtectionConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.splitbrainprotection.SplitBrainProtection;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionOn;
import dev.sluice.cluster.HostPort;
import dev.sluice.cluster.SluiceMembers;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The service's maps ({@value SluiceMembers#SLUICE_MAPS}: job records, http input and output, input
 * positions, failures, idempotency keys) take writes only on a member that sees a majority of the
 * members it was told to join ({@code sluice.cluster.members}): Hazelcast's split-brain protection
 * {@value #NAME}, on writes.
 *
 * <p>A member that is alive but cut off from the others (frozen, starved of CPU, on the wrong side of
 * a network split) forms a cluster of its own when they remove it, and merges back later. Hazelcast
 * then keeps the larger side's entries (the maps' {@code PutIfAbsentMergePolicy}): input such a
 * member had accepted with {@code 202} would be dropped at the merge, and output or a failure it had
 * recorded would land beside the others'. So a member that sees fewer than a majority refuses to
 * write ({@code 503}, type {@code no-cluster}) and keeps answering reads; Jet's jobs, with Jet's own
 * split-brain protection ({@code JobStarter}), do not run there either. A member alone cannot tell
 * "the others are gone" from "I am cut off", so two of three lost at once leave the one left refusing
 * writes until a member joins it.
 *
 * <p>With fewer than two members listed (a single member, the default) there is no protection: a
 * lone member is its whole cluster.
 */
public final class WriteQuorum {

    /** The split-brain protection's name. */
    public static final String NAME = "sluice-majority";

    /** An IPv4 literal, which {@link #memberKey} writes in its canonical form. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private WriteQuorum() {}

    /**
     * How many members a member must see to write: a majority of the distinct members listed, or 0
     * (no protection) for fewer than two. One member written two ways counts once ({@link #memberKey}):
     * counted twice, a single member listed as {@code localhost:5701} and {@code 127.0.0.1:5701} would
     * need two members to write, and refuse every write for good.
     */
    static int size(Collection<String> members) {
        Set<String> listed = new HashSet<>();
        members.forEach(member -> listed.add(memberKey(member)));
        return listed.size() < 2 ? 0 : listed.size() / 2 + 1;
    }

    /**
     * A listed member's address in one spelling: the host name in lower case, {@code localhost} as
     * {@code 127.0.0.1}, an IP address in its canonical form ({@code [0:0:0:0:0:0:0:1]} for {@code [::1]}).
     * No name is looked up: a member's configuration is read before the names of the others may resolve
     * (docker-compose starts them together).
     */
    static String memberKey(String member) {
        HostPort address = HostPort.parse(member);
        String host = address.host().toLowerCase(Locale.ROOT);
        if (host.equals("localhost")) {
            host = "127.0.0.1";
        } else if (host.contains(":") || IPV4.matcher(host).matches()) {
            try {
                host = InetAddress.getByName(host).getHostAddress(); // a literal: parsed, not looked up
            } catch (UnknownHostException e) {
                // not a valid literal after all: kept as written
            }
        }
        return new HostPort(host, address.port()).toString();
    }

    /** Protects the service's maps' writes with a majority of {@code members}, if two or more are listed. */
    static void apply(Config config, Collection<String> members) {
        int size = size(members);
        if (size == 0) {
            return;
        }
        config.addSplitBrainProtectionConfig(
                new SplitBrainProtectionConfig(NAME, true, size).setProtectOn(SplitBrainProtectionOn.WRITE));
        MapConfig sluiceMaps = config.getMapConfigs().get(SluiceMembers.SLUICE_MAPS);
        if (sluiceMaps == null) {
            throw new IllegalStateException(
                    "the member configuration has no map configuration " + SluiceMembers.SLUICE_MAPS + " to protect");
        }
        sluiceMaps.setSplitBrainProtectionName(NAME);
    }

    /**
     * Whether this member may write now: it sees a majority of the members listed, or it has no
     * protection (fewer than two listed, or a member configured by the application).
     */
    public static boolean present(HazelcastInstance hazelcast) {
        if (!hazelcast.getConfig().getSplitBrainProtectionConfigs().containsKey(NAME)) {
            return true;
        }
        SplitBrainProtection protection =
                hazelcast.getSplitBrainProtectionService().getSplitBrainProtection(NAME);
        return protection.hasMinimumSize();
    }
}
