package dev.sluice.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Sluice as a service: dataflows are Spring beans, run over HTTP on the embedded Hazelcast member's
 * cluster. Scans {@code dev.sluice.examples} too, so the example flows are served.
 */
@SpringBootApplication(scanBasePackages = {"dev.sluice.server", "dev.sluice.examples"})
@ConfigurationPropertiesScan
public class SluiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(SluiceApplication.class, args);
    }
}
