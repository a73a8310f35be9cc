package dev.sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The flow jars the stock service loads: those of {@code sluice.flows.path} (environment: {@code
 * SLUICE_FLOWS_PATH}), a comma-separated list of directories (every {@code *.jar} in each, by name) and
 * jar files. A flow jar registers its flows as any Spring Boot library does, in {@code
 * META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports}, so the same jar
 * works as a dependency of an application and dropped in here.
 *
 * <p>The jars get a class loader of their own over the service's, which {@link SluiceApplication} makes
 * the application's (Spring finds their auto-configurations through it) and the embedded Hazelcast
 * member's ({@code Config.setClassLoader}: Jet deserializes their step functions through it). That
 * works the same wherever the service runs: {@code java -jar}, the image's extracted layers (which have
 * no Spring Boot launcher, so {@code loader.path} would not apply there), an IDE, a test's child JVM.
 * The path is read before Spring starts, so it is a system property, an environment variable or a
 * {@code --sluice.flows.path=} argument, never an {@code application.yaml} setting.
 */
public final class FlowJars {

    /** The property; {@link #ENVIRONMENT} is its environment variable. */
    public static final String PROPERTY = "sluice.flows.path";

    public static final String ENVIRONMENT = "SLUICE_FLOWS_PATH";

    private FlowJars() {}

    /** The path given by the command line, the system properties or the environment, in that order. */
    static Optional<String> path(String[] args, Map<String, String> environment) {
        String prefix = "--" + PROPERTY + "=";
        Optional<String> argument = Arrays.stream(args)
                .filter(arg -> arg.startsWith(prefix))
                .map(arg -> arg.substring(prefix.length()))
                .reduce((first, second) -> second);
        return argument.or(() -> Optional.ofNullable(System.getProperty(PROPERTY)))
                .or(() -> Optional.ofNullable(environment.get(ENVIRONMENT)))
                .filter(path -> !path.isBlank());
    }

    /**
     * The jars of {@code path}, in its order (a directory's by name).
     *
     * @throws IllegalArgumentException naming an entry that is neither a directory nor a jar file
     */
    public static List<Path> jars(String path) {
        List<Path> jars = new ArrayList<>();
        for (String entry : path.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            Path file = Path.of(entry.trim()).toAbsolutePath().normalize();
            if (Files.isDirectory(file)) {
                try (Stream<Path> files = Files.list(file)) {
                    files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                            .sorted()
                            .forEach(jars::add);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list the flow jars in " + file + " (" + PROPERTY + ")", e);
                }
            } else if (Files.isRegularFile(file)
                    && file.getFileName().toString().endsWith(".jar")) {
                jars.add(file);
            } else {
                throw new IllegalArgumentException(PROPERTY + " (" + ENVIRONMENT + ") lists '" + entry.trim()
                        + "', which "
                        + (Files.exists(file) ? "is not a directory or a .jar file" : "does not exist") + " (as " + file
                        + "); give directories of flow jars or jar files, comma-separated");
            }
        }
        return jars;
    }

    /** A class loader of {@code jars} over {@code parent}, or {@code parent} itself when there are none. */
    static ClassLoader classLoader(List<Path> jars, ClassLoader parent) {
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a usable path: " + jars.get(i), e);
            }
        }
        return new URLClassLoader("sluice-flows", urls, parent);
    }
}
