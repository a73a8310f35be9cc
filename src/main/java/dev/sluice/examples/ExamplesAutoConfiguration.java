package dev.sluice.examples;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Import;

/**
 * The example flows and builders ({@link ExampleFlows}), where {@code sluice.examples.enabled=true}: the
 * stock service sets it; an application that depends on Sluice serves only its own flows. Registered the
 * way a flow jar registers its flows, in {@code META-INF/spring/…AutoConfiguration.imports}.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty("sluice.examples.enabled")
@Import(ExampleFlows.class)
public class ExamplesAutoConfiguration {}
