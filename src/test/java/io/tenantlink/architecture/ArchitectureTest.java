package io.tenantlink.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's rules, on the compiled classes of the portal (target/classes) and of the Microsoft stand-in
 * (target/sandbox/classes): two buildings that never import each other.
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
        noClasses().should().dependOnClassesThat().resideInAPackage("io.tenantlink.sandbox..")
                .because("the portal reaches Microsoft, or its stand-in, only through configured routes")
                .check(portal);
    }

    @Test
    void theStandInImportsNothingOfThePortal() {
        noClasses().should().dependOnClassesThat(
                        com.tngtech.archunit.base.DescribedPredicate.describe("portal classes",
                                c -> c.getPackageName().startsWith("io.tenantlink.") && !c.getPackageName().startsWith("io.tenantlink.sandbox")))
                .because("the stand-in is another deployable: it follows Microsoft's documentation, not the portal's code")
                .check(standIn);
    }

    @Test
    void theStandInWasCompiledApart() {
        org.junit.jupiter.api.Assertions.assertFalse(standIn.isEmpty(), "target/sandbox/classes holds the stand-in");
        org.junit.jupiter.api.Assertions.assertTrue(portal.stream().noneMatch(c -> c.getPackageName().startsWith("io.tenantlink.sandbox")),
                "no stand-in class among the portal's");
    }
}
