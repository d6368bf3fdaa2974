package io.tenantlink.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's rules, on the compiled classes of the portal (target/classes) and of the Microsoft stand-in
 * (target/sandbox/classes): two buildings that never import each other; in the portal, features (top-level packages)
 * without cycles, the platform below every feature, and Microsoft access below the features that use it.
 */
class ArchitectureTest {

    private static JavaClasses portal;
    private static JavaClasses standIn;

    @BeforeAll
    static void importClasses() {
        portal = new ClassFileImporter().importPath(java.nio.file.Path.of("target", "classes"));
        standIn = new ClassFileImporter().importPath(java.nio.file.Path.of("target", "sandbox", "classes"));
    }

    @Test
    void thePortalNeverImportsTheStandIn() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.tenantlink.sandbox..")
                .because("the portal reaches Microsoft, or its stand-in, only through configured routes")
                .check(portal);
    }

    @Test
    void theStandInImportsNothingOfThePortal() {
        noClasses()
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "portal classes",
                        c -> c.getPackageName().startsWith("io.tenantlink.")
                                && !c.getPackageName().startsWith("io.tenantlink.sandbox")))
                .because(
                        "the stand-in is another deployable: it follows Microsoft's documentation, not the portal's code")
                .check(standIn);
    }

    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("io.tenantlink.(*)..")
                .should()
                .beFreeOfCycles()
                .because(
                        "a feature that needs another's code at both ends is one feature, or needs an interface between them")
                .check(portal);
    }

    @Test
    void thePlatformImportsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("io.tenantlink.platform..")
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "feature classes",
                        c -> c.getPackageName().startsWith("io.tenantlink.")
                                && !c.getPackageName().startsWith("io.tenantlink.platform")))
                .because(
                        "features build on the platform; what the platform needs of a feature comes through an interface or an event")
                .check(portal);
    }

    @Test
    void microsoftAccessBuildsOnThePlatformOnly() {
        noClasses()
                .that()
                .resideInAPackage("io.tenantlink.microsoft..")
                .should()
                .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "feature classes",
                        c -> c.getPackageName().startsWith("io.tenantlink.")
                                && !c.getPackageName().startsWith("io.tenantlink.platform")
                                && !c.getPackageName().startsWith("io.tenantlink.microsoft")))
                .because("every feature reaches Microsoft through one access layer, which knows no feature")
                .check(portal);
    }

    @Test
    void onlyTheMicrosoftLayerTalksToGraphThroughTheSdk() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.tenantlink.microsoft..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.microsoft.graph..")
                .because("Graph calls go through the one gateway (GraphGateway)")
                .check(portal);
    }

    @Test
    void theStandInWasCompiledApart() {
        org.junit.jupiter.api.Assertions.assertFalse(standIn.isEmpty(), "target/sandbox/classes holds the stand-in");
        org.junit.jupiter.api.Assertions.assertTrue(
                portal.stream().noneMatch(c -> c.getPackageName().startsWith("io.tenantlink.sandbox")),
                "no stand-in class among the portal's");
    }
}
