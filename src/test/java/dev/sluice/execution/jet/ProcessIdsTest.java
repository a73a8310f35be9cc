package dev.sluice.execution.jet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import java.lang.reflect.Proxy;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessIdsTest {

    @Test
    void processIdsFollowMembershipOrderWhenNoneIsDeclared() {
        Member a = member(5701, null);
        Member b = member(5702, null);
        Member c = member(5703, null);

        assertThat(ProcessIds.assign(List.of(a, b, c)))
                .containsExactly(Map.entry(a, 0), Map.entry(b, 1), Map.entry(c, 2));
    }

    @Test
    void declaredProcessIdsWinAndTheOthersTakeTheFreeOnesInMembershipOrder() {
        Member a = member(5701, null);
        Member b = member(5702, "0");
        Member c = member(5703, null);

        assertThat(ProcessIds.assign(List.of(a, b, c)))
                .containsExactly(Map.entry(b, 0), Map.entry(a, 1), Map.entry(c, 2));
    }

    @Test
    void declaredPlacesOrderTheMembersWithoutAnIdAndSurviveTheClusterShrinking() {
        Member a = member(5701, null, "3");
        Member b = member(5702, null, null);
        Member c = member(5703, null, "1");
        Member d = member(5704, "0", null);
        Member e = member(5705, null, "2");

        assertThat(ProcessIds.assign(List.of(a, b, c, d, e)))
                .containsExactly(Map.entry(d, 0), Map.entry(c, 1), Map.entry(e, 2), Map.entry(a, 3), Map.entry(b, 4));
        // three of them gone: the two left close up, in the order of their places, and IDs stay dense
        assertThat(ProcessIds.assign(List.of(a, e))).containsExactly(Map.entry(e, 0), Map.entry(a, 1));
    }

    @Test
    void aPlaceThatIsNotAnIntegerIsRefused() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, null, "first"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.process-order=`first`");
    }

    @Test
    void aProcessIdDeclaredTwiceIsRefusedNamingBothMembers() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, "1"), member(5702, "1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5701")
                .hasMessageContaining("5702")
                .hasMessageContaining("both declare");
    }

    @Test
    void aProcessIdBeyondTheMemberCountIsRefused() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, "2"), member(5702, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.process-id=2")
                .hasMessageContaining("2 members");
    }

    @Test
    void aProcessIdThatIsNotADecimalIsRefused() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, "one"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`one`");
    }

    private static Member member(int port, String declaredId) {
        return member(port, declaredId, null);
    }

    private static Member member(int port, String declaredId, String place) {
        Address address;
        try {
            address = new Address("127.0.0.1", port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return (Member) Proxy.newProxyInstance(
                Member.class.getClassLoader(),
                new Class<?>[] {Member.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAddress" -> address;
                    case "getAttribute" ->
                        ProcessIds.ATTRIBUTE.equals(args[0])
                                ? declaredId
                                : ProcessIds.ORDER_ATTRIBUTE.equals(args[0]) ? place : null;
                    case "hashCode" -> port;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Member[" + address + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
