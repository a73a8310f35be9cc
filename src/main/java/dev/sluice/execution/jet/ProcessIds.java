package dev.sluice.execution.jet;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which process each Hazelcast member is: the process IDs {@code 0..n-1} that worker indices are built
 * from ({@code workerIndex = processId * workersPerProcess + localIndex}).
 *
 * <p>A member may declare its own ID with the member attribute {@value #ATTRIBUTE} (a decimal, e.g.
 * from {@code SLUICE_PROCESS_ID}). Members that declare none take the IDs left free, in membership
 * order (oldest member first, the order of {@code Cluster.getMembers()}); so when no member declares
 * one, process IDs simply follow membership. Declared IDs must be distinct and below the number of
 * members, so that worker indices stay dense.
 *
 * <p>A member that declares no ID may instead declare its place with {@value #ORDER_ATTRIBUTE} (an
 * integer, e.g. from {@code SLUICE_PROCESS_ORDER}): the free IDs go first to the members that declare
 * a place, lowest place first, then to the others, each group in membership order. Unlike an ID, a
 * place survives the cluster shrinking: three members with places 1, 2, 3 are processes 0, 1, 2 in
 * whatever order they joined, and once the first is gone the other two are 0 and 1 (docker-compose.yml
 * numbers its services so).
 *
 * <pre>{@code
 * Map<Member, Integer> ids = ProcessIds.assign(hz.getCluster().getMembers());  // in process-ID order
 * int mine = ProcessIds.local(hz);
 * }</pre>
 */
public final class ProcessIds {

    /** The member attribute by which a member declares its process ID. */
    public static final String ATTRIBUTE = "sluice.process-id";

    /** The member attribute by which a member without a declared ID declares its place in the order. */
    public static final String ORDER_ATTRIBUTE = "sluice.process-order";

    private ProcessIds() {}

    /**
     * The process ID of every member.
     *
     * @param members the members, in membership order (oldest first)
     * @return each member with its process ID, ordered by process ID
     * @throws IllegalArgumentException when a declared ID is not a decimal, is out of range or is
     *         declared twice
     */
    public static Map<Member, Integer> assign(Collection<? extends Member> members) {
        Objects.requireNonNull(members, "members must not be null");
        int count = members.size();
        Member[] byId = new Member[count];
        List<Member> undeclared = new ArrayList<>();
        Map<Member, Long> places = new HashMap<>();
        for (Member member : members) {
            OptionalInt declared = declared(member);
            if (declared.isEmpty()) {
                undeclared.add(member);
                places.put(member, place(member));
                continue;
            }
            int id = declared.getAsInt();
            if (id >= count) {
                throw new IllegalArgumentException("member " + member.getAddress() + " declares " + ATTRIBUTE + "="
                        + id + ", but the cluster has " + count + " members, so process IDs run from 0 to "
                        + (count - 1) + "; give each member a distinct ID below " + count);
            }
            if (byId[id] != null) {
                throw new IllegalArgumentException("members " + byId[id].getAddress() + " and " + member.getAddress()
                        + " both declare " + ATTRIBUTE + "=" + id + "; give each member a distinct ID");
            }
            byId[id] = member;
        }
        // a stable sort: members of one place (or of none) keep membership order
        undeclared.sort(Comparator.comparing(places::get));
        int next = 0;
        for (Member member : undeclared) {
            while (byId[next] != null) {
                next++;
            }
            byId[next] = member;
        }
        Map<Member, Integer> ids = new LinkedHashMap<>();
        for (int id = 0; id < count; id++) {
            ids.put(byId[id], id);
        }
        return ids;
    }

    /**
     * The process ID the member declares with {@value #ATTRIBUTE}, if any.
     *
     * @throws IllegalArgumentException when the attribute is not a non-negative decimal
     */
    public static OptionalInt declared(Member member) {
        String value = member.getAttribute(ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return OptionalInt.empty();
        }
        try {
            int id = Integer.parseInt(value.trim());
            if (id >= 0) {
                return OptionalInt.of(id);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("member " + member.getAddress() + " declares " + ATTRIBUTE + "=`" + value
                + "`, which is not a process ID; use a non-negative decimal such as 0");
    }

    /** The member's declared place, {@link Long#MAX_VALUE} (after every place) when it declares none. */
    private static long place(Member member) {
        String value = member.getAttribute(ORDER_ATTRIBUTE);
        if (value == null || value.isBlank()) {
            return Long.MAX_VALUE;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("member " + member.getAddress() + " declares " + ORDER_ATTRIBUTE + "=`"
                    + value + "`, which is not a place in the order; use an integer such as 1");
        }
    }

    /** The process ID of this instance's own member among the current members of its cluster. */
    public static int local(HazelcastInstance hz) {
        Member self = hz.getCluster().getLocalMember();
        Integer id = assign(hz.getCluster().getMembers()).get(self);
        if (id == null) {
            throw new IllegalStateException("member " + self.getAddress() + " is not among the cluster's members");
        }
        return id;
    }
}
