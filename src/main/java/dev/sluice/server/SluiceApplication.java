package dev.sluice.server;

import dev.sluice.cluster.ParentWatch;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * The stock service: Sluice's auto-configuration ({@link SluiceAutoConfiguration}) with the example
 * flows turned on ({@code service.properties}: {@code sluice.examples.enabled=true}) and the flow jars of
 * {@code sluice.flows.path} ({@link FlowJars}). Its own code is nothing else: an application that
 * depends on Sluice gets the same service for its own flows.
 *
 * <p>It scans its own package, {@code dev.sluice.server}, as the auto-configuration does (a class found
 * twice is registered once): test slices such as {@code @WebMvcTest} find the controllers and advice
 * through the application's scan, not through auto-configurations.
 */
@SpringBootApplication(proxyBeanMethods = false)
@PropertySource("classpath:dev/sluice/server/service.properties")
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
        List<Path> jars =
                FlowJars.path(args, System.getenv()).map(FlowJars::jars).orElse(List.of());
        ClassLoader loader = FlowJars.classLoader(jars, SluiceApplication.class.getClassLoader());
        if (!jars.isEmpty()) {
            LoggerFactory.getLogger(SluiceApplication.class).info("flow jars ({}): {}", FlowJars.PROPERTY, jars);
        }
        Thread.currentThread().setContextClassLoader(loader);
        new SpringApplication(new DefaultResourceLoader(loader), SluiceApplication.class).run(args);
    }
}
