package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core packages know nothing of Spring, Hazelcast or Jackson (DESIGN: one operator logic, any
 * engine): only {@code execution.jet}, {@code cluster} and {@code server} may import them.
 */
class CorePackagesTest {

    private static final String[] CORE = {
        "dev.sluice.dataflow..", "dev.sluice.operators..", "dev.sluice.inputs..", "dev.sluice.exhash..",
        "dev.sluice.parse..", "dev.sluice.failure..", "dev.sluice.execution", "dev.sluice.execution.local..",
        "dev.sluice.execution.progress.."
    };

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.sluice");
    }

    @Test
    void corePackagesDoNotDependOnSpring() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..")
                .check(production);
    }

    @Test
    void corePackagesDoNotDependOnHazelcast() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("com.hazelcast..")
                .check(production);
    }

    @Test
    void corePackagesDoNotDependOnJackson() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..")
                .check(production);
    }

    @Test
    void operatorLogicDoesNotDependOnAnyDriver() {
        noClasses().that().resideInAnyPackage("dev.sluice.operators..", "dev.sluice.dataflow..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.sluice.execution..")
                .check(production);
    }
}
