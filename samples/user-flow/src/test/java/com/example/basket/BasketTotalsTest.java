package com.example.basket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataflow.EpochItem;
import dev.sluice.dataflow.KeyValue;
import dev.sluice.execution.Sluice;
import dev.sluice.execution.local.LocalDriver;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The flow's logic, in milliseconds: no Spring, no cluster; the library is all it needs. */
class BasketTotalsTest {

    @Test
    void totalsAreEmittedPerCustomerWhenTheirEpochCompletes() {
        try (LocalDriver<String> driver = new LocalDriver<>(BasketFlows.basketTotalsFlow())) {
            driver.push(0, "ann:2.50");
            driver.push(0, "bob:1");
            driver.push(0, "ann:4");
            assertThat(driver.readOutput()).as("epoch 0 is still open").isEmpty();

            driver.advanceTo(1);
            assertThat(driver.readOutput())
                    .containsExactlyInAnyOrder(
                            new EpochItem<>(0, KeyValue.of("ann", 6.5)), new EpochItem<>(0, KeyValue.of("bob", 1.0)));

            driver.push(1, "ann:1");
            driver.finish();
            assertThat(driver.readOutput()).containsExactly(new EpochItem<>(1, KeyValue.of("ann", 1.0)));
        }
    }

    @Test
    void theWholeRunGivesOneTotalPerCustomerAndEpoch() {
        List<EpochItem<Object>> output = Sluice.run(
                BasketFlows.basketTotalsFlow(),
                List.of(EpochItem.of(0, "ann:1"), EpochItem.of(0, " "), EpochItem.of(1, "ann:2"), EpochItem.of(1, "cy:3")));

        assertThat(output)
                .containsExactlyInAnyOrder(
                        new EpochItem<>(0, KeyValue.of("ann", 1.0)),
                        new EpochItem<>(1, KeyValue.of("ann", 2.0)),
                        new EpochItem<>(1, KeyValue.of("cy", 3.0)));
    }

    @Test
    void aLineThatIsNoPurchaseFailsTheRunNamingIt() {
        assertThatThrownBy(() -> Sluice.run(BasketFlows.basketTotalsFlow(), List.of(EpochItem.of(0, "ann"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"customer:amount\", got \"ann\"");
    }
}
