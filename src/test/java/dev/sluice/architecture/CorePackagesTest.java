package dev.sluice.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sluice.operators.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The core packages know nothing of Spring, Hazelcast or Jackson (DESIGN: one operator logic, any
 * engine): only {@code execution.jet}, {@code cluster} and {@code server} may import them.
 */
class CorePackagesTest {

    private static final String[] CORE = {
        "dev.sluice.dataflow..",
        "dev.sluice.operators..",
        "dev.sluice.inputs..",
        "dev.sluice.exhash..",
        "dev.sluice.parse..",
        "dev.sluice.failure..",
        "dev.sluice.execution",
        "dev.sluice.execution.local..",
        "dev.sluice.execution.progress..",
        "dev.sluice.execution.worker..",
        "dev.sluice.execution.log..",
        "dev.sluice.execution.metrics.."
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
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..")
                .check(production);
    }

    @Test
    void corePackagesDoNotDependOnHazelcast() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.hazelcast..")
                .check(production);
    }

    @Test
    void corePackagesDoNotDependOnJackson() {
        noClasses()
                .that()
                .resideInAnyPackage(CORE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..", "tools.jackson..")
                .check(production);
    }

    /** The frontier and probe are vocabulary for every driver and operator: they depend on nothing else. */
    @Test
    void progressDependsOnNothingButTheJdk() {
        classes()
                .that()
                .resideInAPackage("dev.sluice.execution.progress..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("dev.sluice.execution.progress..", "java..")
                .check(production);
    }

    /** Both drivers wire a worker's operators through the one {@code WorkerChain}, never by hand. */
    @Test
    void driversBuildOperatorsOnlyThroughTheWorkerChain() {
        noClasses()
                .that()
                .resideOutsideOfPackages("dev.sluice.operators..", "dev.sluice.execution.worker..")
                .should()
                .callMethodWhere(target(name("of")).and(target(owner(assignableTo(Stage.class)))))
                .check(production);
    }

    @Test
    void operatorLogicDoesNotDependOnAnyDriver() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.sluice.operators..", "dev.sluice.dataflow..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.sluice.execution..")
                .check(production);
    }
}
