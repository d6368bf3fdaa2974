package io.tenantlink.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.site.Site;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house's rules, on the compiled classes of the portal (target/classes) and of the Microsoft stand-in
 * (target/sandbox/classes): two buildings that never import each other; in the portal, features (top-level packages)
 * without cycles, the platform below every feature, and Microsoft access below the features that use it; pages read
 * view records, never JPA entities.
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

    /**
     * The records pages read: named {@code *View} or {@code *Row} (no entity is a record, so entities named {@code *Row}
     * are not among them), or declared in a controller (a class with a {@code jakarta.mvc.Models} field).
     */
    static final DescribedPredicate<JavaClass> PAGE_RECORDS = DescribedPredicate.describe(
            "records that pages read (named *View or *Row, or declared in a controller)",
            c -> c.isRecord()
                    && (c.getSimpleName().endsWith("View")
                            || c.getSimpleName().endsWith("Row")
                            || c.getEnclosingClass()
                                    .map(ArchitectureTest::isController)
                                    .orElse(false)));

    static boolean isController(JavaClass c) {
        return c.getFields().stream().anyMatch(f -> f.getRawType().getName().equals("jakarta.mvc.Models"));
    }

    /** No field and no method result of the class is, or has as a type argument, a JPA entity. */
    static final ArchCondition<JavaClass> HOLD_NO_ENTITY = new ArchCondition<>("hold and hand out no JPA entity") {
        @Override
        public void check(JavaClass view, ConditionEvents events) {
            for (JavaField field : view.getFields()) {
                field.getAllInvolvedRawTypes().stream()
                        .filter(ArchitectureTest::isEntity)
                        .forEach(entity -> events.add(SimpleConditionEvent.violated(
                                field, field.getFullName() + " holds the entity " + entity.getName())));
            }
            for (JavaMethod method : view.getMethods()) {
                method.getReturnType().getAllInvolvedRawTypes().stream()
                        .filter(ArchitectureTest::isEntity)
                        .forEach(entity -> events.add(SimpleConditionEvent.violated(
                                method, method.getFullName() + " hands out the entity " + entity.getName())));
            }
        }
    };

    static boolean isEntity(JavaClass c) {
        return c.isAnnotatedWith("jakarta.persistence.Entity");
    }

    static final ArchRule PAGES_READ_VIEW_RECORDS = classes()
            .that(PAGE_RECORDS)
            .should(HOLD_NO_ENTITY)
            .because(
                    "a template reads only what a view record copied (no lazy loading, no setters, no password hash in reach of a page)");

    /**
     * What a controller puts into the page's Models is typed Object there, so no rule on the classes can see it; the
     * rule holds the records pages read to copies of plain values (SiteView, ConnectionView, …).
     */
    @Test
    void viewRecordsHoldNoEntity() {
        PAGES_READ_VIEW_RECORDS.check(portal);
    }

    /** The rule above finds an entity in a field, a type argument, a result, and in a record of a controller. */
    @Test
    void theViewRuleFindsEntities() {
        JavaClasses fixtures = new ClassFileImporter()
                .importClasses(
                        LeakyView.class,
                        LeakyRow.class,
                        CleanView.class,
                        FakeController.class,
                        FakeController.Picked.class,
                        Site.class,
                        TenantConnection.class);
        List<String> details =
                PAGES_READ_VIEW_RECORDS.evaluate(fixtures).getFailureReport().getDetails();
        String report = String.join("\n", details);
        org.junit.jupiter.api.Assertions.assertAll(
                () -> org.junit.jupiter.api.Assertions.assertTrue(
                        report.contains("LeakyView.sites holds the entity io.tenantlink.site.Site"), report),
                () -> org.junit.jupiter.api.Assertions.assertTrue(
                        report.contains("LeakyView.connection() hands out the entity"), report),
                () -> org.junit.jupiter.api.Assertions.assertTrue(
                        report.contains("LeakyRow.site holds the entity io.tenantlink.site.Site"), report),
                () -> org.junit.jupiter.api.Assertions.assertTrue(
                        report.contains("Picked.connection holds the entity"), report),
                () -> org.junit.jupiter.api.Assertions.assertFalse(report.contains("CleanView"), report));
    }

    record LeakyView(long id, List<Site> sites) {
        TenantConnection connection() {
            return null;
        }
    }

    record LeakyRow(java.util.Optional<Site> site) {}

    /** Takes an entity to copy from (allowed), holds none. */
    record CleanView(long id, String name) {
        static CleanView of(Site site) {
            return new CleanView(site.getId(), site.getName());
        }
    }

    static class FakeController {
        jakarta.mvc.Models models;

        record Picked(TenantConnection connection) {}
    }

    @Test
    void theStandInWasCompiledApart() {
        org.junit.jupiter.api.Assertions.assertFalse(standIn.isEmpty(), "target/sandbox/classes holds the stand-in");
        org.junit.jupiter.api.Assertions.assertTrue(
                portal.stream().noneMatch(c -> c.getPackageName().startsWith("io.tenantlink.sandbox")),
                "no stand-in class among the portal's");
    }
}
