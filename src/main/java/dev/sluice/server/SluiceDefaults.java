package dev.sluice.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds Sluice's defaults ({@code dev/sluice/server/sluice-defaults.yaml}: the {@code sluice.*} settings
 * with their {@code SLUICE_*} variables, problem details, graceful shutdown, springdoc's paths, the
 * health probes, the asynchronous writer pool) as the last property source, below an application's own
 * configuration. A library cannot ship them as {@code application.yaml}: the application's would hide
 * it, or, where the application has only {@code application.properties}, both would apply.
 */
public class SluiceDefaults implements EnvironmentPostProcessor {

    /** The property source's name, and where it comes from. */
    static final String NAME = "sluice-defaults";

    static final String LOCATION = "dev/sluice/server/sluice-defaults.yaml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            return;
        }
        try {
            for (PropertySource<?> source : new YamlPropertySourceLoader()
                    .load(NAME, new ClassPathResource(LOCATION, SluiceDefaults.class.getClassLoader()))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Sluice's defaults, " + LOCATION, e);
        }
    }
}
