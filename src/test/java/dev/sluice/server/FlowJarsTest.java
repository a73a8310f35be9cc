package dev.sluice.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stock service's flow jars: where {@code sluice.flows.path} comes from and what it lists. */
class FlowJarsTest {

    @TempDir
    Path dir;

    @Test
    void theCommandLineWinsOverTheEnvironmentAndABlankPathIsNone() {
        Map<String, String> environment = Map.of(FlowJars.ENVIRONMENT, "/from/env");

        assertThat(FlowJars.path(new String[] {"--sluice.flows.path=/from/args"}, environment))
                .hasValue("/from/args");
        assertThat(FlowJars.path(new String[0], environment)).hasValue("/from/env");
        assertThat(FlowJars.path(new String[0], Map.of(FlowJars.ENVIRONMENT, " ")))
                .isEmpty();
        assertThat(FlowJars.path(new String[0], Map.of())).isEmpty();
    }

    @Test
    void aDirectoryGivesItsJarsByNameAndAJarFileItself() throws Exception {
        Path flows = Files.createDirectories(dir.resolve("flows"));
        Files.createFile(flows.resolve("b.jar"));
        Files.createFile(flows.resolve("a.jar"));
        Files.createFile(flows.resolve("README.md"));
        Path single = Files.createFile(dir.resolve("single.jar"));

        assertThat(FlowJars.jars(flows + ", " + single))
                .containsExactly(flows.resolve("a.jar"), flows.resolve("b.jar"), single);
        assertThat(FlowJars.jars(Files.createDirectories(dir.resolve("empty")).toString()))
                .isEmpty();
    }

    @Test
    void anEntryThatIsNeitherADirectoryNorAJarIsNamed() throws Exception {
        Path text = Files.createFile(dir.resolve("notes.txt"));

        assertThatThrownBy(() -> FlowJars.jars(dir.resolve("missing").toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sluice.flows.path (SLUICE_FLOWS_PATH) lists '")
                .hasMessageContaining("missing', which does not exist");
        assertThatThrownBy(() -> FlowJars.jars(text.toString()))
                .hasMessageContaining("notes.txt', which is not a directory or a .jar file");
    }

    @Test
    void jarsGetAClassLoaderOfTheirOwnOverTheServicesAndNoJarsNone() throws Exception {
        ClassLoader parent = getClass().getClassLoader();
        Path jar = Files.createFile(dir.resolve("flow.jar"));

        assertThat(FlowJars.classLoader(List.of(), parent)).isSameAs(parent);
        try (URLClassLoader loader = (URLClassLoader) FlowJars.classLoader(List.of(jar), parent)) {
            assertThat(loader.getParent()).isSameAs(parent);
            assertThat(loader.getURLs()).containsExactly(jar.toUri().toURL());
        }
    }
}
