package dev.sluice.server;

import dev.sluice.cluster.ParentWatch;
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

    /**
     * The system property that, when {@code true}, makes this JVM exit when its standard input closes
     * (or reads {@code stop}): for a member started by another JVM, such as a test's, so that it never
     * outlives its parent (see {@link ParentWatch#exitWithParent()}).
     */
    public static final String EXIT_WITH_PARENT_PROPERTY = "sluice.exit-with-parent";

    public static void main(String[] args) {
        if (Boolean.getBoolean(EXIT_WITH_PARENT_PROPERTY)) {
            ParentWatch.exitWithParent();
        }
        SpringApplication.run(SluiceApplication.class, args);
    }
}
