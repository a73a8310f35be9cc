package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.RestController;

/**
 * The service is organized by feature ({@code server.flows}, {@code runs}, {@code jobs}, {@code
 * cluster}), each one package with its controller, service, exceptions and views, over what they share
 * ({@code server.web}: problems, API docs, bodies; {@code server.json}; {@code server.config}). A
 * feature's internals stay package-private: another package sees only the few classes named here.
 */
class ServerPackagesTest {

    private static final String SERVER = "dev.sluice.server";
    private static final String[] FEATURES = {
        SERVER + ".flows..",
        SERVER + ".runs..",
        SERVER + ".jobs..",
        SERVER + ".cluster..",
        SERVER + ".metrics..",
        SERVER + ".security..",
        SERVER + ".dashboard.."
    };
    private static final String[] SHARED = {SERVER + ".web..", SERVER + ".json..", SERVER + ".config.."};

    /** What a feature offers other packages; everything else in it is package-private. */
    private static final Set<String> FEATURE_API = Set.of(
            SERVER + ".flows.FlowRegistry",
            SERVER + ".flows.FlowConsistency",
            SERVER + ".runs.FlowExecutor",
            SERVER + ".runs.RunService", // the Java path the HTTP benchmark compares against
            SERVER + ".runs.EpochMode",
            SERVER + ".jobs.DataLossMonitor",
            SERVER + ".metrics.StepMeters", // the jobs forget a job's step meters with it
            SERVER + ".cluster.MemberDrain",
            SERVER + ".cluster.MemberDrainingException",
            SERVER + ".cluster.ClusterUnavailableException");

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVER);
    }

    @Test
    void controllersArePackagePrivate() {
        classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .should()
                .notBePublic()
                .check(production);
    }

    @Test
    void onlyTheFeatureApiIsPublic() {
        classes()
                .that()
                .resideInAnyPackage(FEATURES)
                .and()
                .areTopLevelClasses()
                .and(DescribedPredicate.not(named(FEATURE_API)))
                .should()
                .notBePublic()
                .check(production);
    }

    @Test
    void featuresUseEachOtherOnlyThroughTheirApi() {
        for (String feature : FEATURES) {
            String[] others =
                    Arrays.stream(FEATURES).filter(f -> !f.equals(feature)).toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(feature)
                    .should()
                    .dependOnClassesThat(DescribedPredicate.and(
                            JavaClass.Predicates.resideInAnyPackage(others),
                            DescribedPredicate.not(named(FEATURE_API))))
                    .check(production);
        }
    }

    /** The shared packages (and so the problem advice) know no feature: exceptions carry their problems. */
    @Test
    void sharedPackagesDependOnNoFeature() {
        noClasses()
                .that()
                .resideInAnyPackage(SHARED)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .check(production);
    }

    @Test
    void serverPackagesHaveNoCycles() {
        slices().matching(SERVER + ".(*)..").should().beFreeOfCycles().check(production);
    }

    private static DescribedPredicate<JavaClass> named(Set<String> names) {
        return DescribedPredicate.describe(
                "one of the feature API " + names,
                javaClass -> names.contains(javaClass.getName())
                        || javaClass
                                .getEnclosingClass()
                                .map(outer -> names.contains(outer.getName()))
                                .orElse(false));
    }
}
