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

        assertThat(ProcessIds.assign(List.of(a, b, c))).containsExactly(
                Map.entry(a, 0), Map.entry(b, 1), Map.entry(c, 2));
    }

    @Test
    void declaredProcessIdsWinAndTheOthersTakeTheFreeOnesInMembershipOrder() {
        Member a = member(5701, null);
        Member b = member(5702, "0");
        Member c = member(5703, null);

        assertThat(ProcessIds.assign(List.of(a, b, c))).containsExactly(
                Map.entry(b, 0), Map.entry(a, 1), Map.entry(c, 2));
    }

    @Test
    void aProcessIdDeclaredTwiceIsRefusedNamingBothMembers() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, "1"), member(5702, "1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5701").hasMessageContaining("5702").hasMessageContaining("both declare");
    }

    @Test
    void aProcessIdBeyondTheMemberCountIsRefused() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, "2"), member(5702, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.process-id=2").hasMessageContaining("2 members");
    }

    @Test
    void aProcessIdThatIsNotADecimalIsRefused() {
        assertThatThrownBy(() -> ProcessIds.assign(List.of(member(5701, "one"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("`one`");
    }

    private static Member member(int port, String declaredId) {
        Address address;
        try {
            address = new Address("127.0.0.1", port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return (Member) Proxy.newProxyInstance(Member.class.getClassLoader(), new Class<?>[] {Member.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAddress" -> address;
                    case "getAttribute" -> ProcessIds.ATTRIBUTE.equals(args[0]) ? declaredId : null;
                    case "hashCode" -> port;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Member[" + address + "]";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
