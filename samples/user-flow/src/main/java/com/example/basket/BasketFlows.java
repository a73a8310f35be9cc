package com.example.basket;

import dev.sluice.dataflow.Dataflow;
import dev.sluice.dataflow.KeyValue;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * This project's flows. A flow is a bean of type {@code Dataflow}; its bean name is its name in paths
 * ({@code /flows/basket-totals/run}). Registered as an auto-configuration
 * ({@code META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}) rather than
 * found by component scanning, so the same jar serves it dropped into the stock service's
 * {@code sluice.flows.path} too.
 */
@AutoConfiguration
public class BasketFlows {

    /**
     * What each customer spent per epoch: items are {@code "customer:amount"}, the output {@code
     * [customer, total]} once per customer and epoch.
     */
    @Bean("basket-totals")
    Dataflow<String, KeyValue<String, Double>> basketTotals() {
        return basketTotalsFlow();
    }

    public static Dataflow<String, KeyValue<String, Double>> basketTotalsFlow() {
        return Dataflow.input(String.class)
                .filter(line -> !line.isBlank())
                .mapToKeyValue(BasketFlows::purchase)
                .reduceEpoch(Double::sum)
                .capture();
    }

    static KeyValue<String, Double> purchase(String line) {
        int colon = line.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("a purchase is \"customer:amount\", got \"" + line + "\"");
        }
        return KeyValue.of(line.substring(0, colon).trim(), Double.parseDouble(line.substring(colon + 1).trim()));
    }
}
