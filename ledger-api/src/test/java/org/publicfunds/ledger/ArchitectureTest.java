package org.publicfunds.ledger;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map, frozen. ledger-api is cut by feature: {@code commands} (the write side),
 * {@code balances} (live, as-of and streamed balances, readiness, rebuild), {@code audit} (history,
 * exports, verify, checkpoints), beside the infrastructure {@code eventstore}, {@code embedded},
 * {@code security}, {@code idempotency} and {@code system} (problems, filters, OpenAPI, Axon
 * wiring). The domain ({@code arrangement}, {@code money}, {@code fiscal}) is ledger-core's.
 */
class ArchitectureTest {

    private static final String ROOT = "org.publicfunds.ledger";
    private static final String[] FEATURES = {
        ROOT + ".commands..", ROOT + ".balances..", ROOT + ".audit..", ROOT + ".decisions.."
    };
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void theDomainKnowsNeitherSpringNorMongoDb() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".arrangement..", ROOT + ".money..", ROOT + ".fiscal..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "com.mongodb..",
                        "org.bson..",
                        ROOT + ".balance..",
                        ROOT + ".eventstore..",
                        ROOT + ".system..")
                .check(classes);
    }

    @Test
    void featuresReadTheStoreOnlyThroughTheEventLog() {
        noClasses()
                .that()
                .resideOutsideOfPackage(ROOT + ".eventstore..")
                .should()
                .dependOnClassesThat()
                .haveSimpleNameStartingWith("MongoEventStorageEngine")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("CommitWriter")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("Commits")
                .orShould()
                .dependOnClassesThat()
                .haveSimpleName("MongoEventLog")
                .because("the engine keeps Axon's contract; the application reads through EventLog")
                .check(classes);
    }

    /** A feature may share the shape of an HTTP answer with another (the open command answers the arrangement), nothing else. */
    @Test
    void noFeatureUsesAnotherFeaturesInternals() {
        for (String feature : FEATURES) {
            String[] others = Arrays.stream(FEATURES)
                    .filter(other -> !other.equals(feature))
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(feature)
                    .should()
                    .dependOnClassesThat(resideInAnyPackage(others).and(not(simpleNameEndingWith("Response"))))
                    .check(classes);
        }
    }

    @Test
    void infrastructureDependsOnNoFeature() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        ROOT + ".system..",
                        ROOT + ".eventstore..",
                        ROOT + ".embedded..",
                        ROOT + ".security..",
                        ROOT + ".idempotency..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FEATURES)
                .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
