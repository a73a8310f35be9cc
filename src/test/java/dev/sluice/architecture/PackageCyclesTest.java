package dev.sluice.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The top-level packages form layers, not a tangle: {@code dataflow} at the bottom, the operator
 * logic and the drivers ({@code execution}) above it, the cluster layer ({@code cluster}: members,
 * child JVMs, the seed's multi-process runs) above the drivers, and the service on top. The seed's
 * cluster entry points on {@code Sluice} reach the cluster layer through
 * {@link dev.sluice.execution.ClusterLauncher}, a service interface, not by a dependency.
 */
class PackageCyclesTest {

    @Test
    void topLevelPackagesAreFreeOfCycles() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice");
        slices().matching("dev.sluice.(*)..").should().beFreeOfCycles().check(production);
    }
}
