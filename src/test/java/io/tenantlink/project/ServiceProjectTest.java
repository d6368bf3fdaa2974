package io.tenantlink.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceProjectTest {

    private static ServiceProject project() {
        return new ServiceProject(
                7,
                "Help desk",
                "HD",
                PlanTier.STANDARD,
                EnumSet.of(WorkCategory.SERVICE_REQUESTS, WorkCategory.INCIDENTS));
    }

    private static void assertRefused(String key, Executable action) {
        InvalidInputException e = assertThrows(InvalidInputException.class, action);
        assertEquals(key, e.messageKey());
    }

    private static void assertUnchanged(ServiceProject p) {
        assertEquals("Help desk", p.getName());
        assertEquals(PlanTier.STANDARD, p.getPlanTier());
        assertEquals(EnumSet.of(WorkCategory.SERVICE_REQUESTS, WorkCategory.INCIDENTS), p.getWorkCategories());
    }

    @Test
    void newProjectKeepsWhatWasGiven() {
        ServiceProject p = project();
        assertEquals(7, p.getSiteId());
        assertEquals("HD", p.getKey());
        assertUnchanged(p);
    }

    @Test
    void keyIsTrimmedAndUpperCased() {
        assertEquals("HELP", ServiceProject.validKey(" help "));
        assertEquals("IT2", ServiceProject.validKey("it2"));
        assertEquals("ABCDEFGHIJ", ServiceProject.validKey("abcdefghij"));
        ServiceProject p = new ServiceProject(1, "Ops", "ops1", PlanTier.FREE, EnumSet.of(WorkCategory.CHANGES));
        assertEquals("OPS1", p.getKey());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "A", "1AB", "ABCDEFGHIJK", "AB-C", "AB C", "AB_C", "ÄB"})
    void badKeysAreRefused(String key) {
        assertRefused("project.error.key", () -> ServiceProject.validKey(key));
        assertRefused(
                "project.error.key",
                () -> new ServiceProject(1, "Name", key, PlanTier.FREE, EnumSet.of(WorkCategory.CHANGES)));
    }

    @Test
    void nameIsStripped() {
        ServiceProject p = project();
        p.change("  Service desk  ", PlanTier.PREMIUM, EnumSet.of(WorkCategory.PROBLEMS));
        assertEquals("Service desk", p.getName());
        assertEquals(PlanTier.PREMIUM, p.getPlanTier());
        assertEquals(EnumSet.of(WorkCategory.PROBLEMS), p.getWorkCategories());
    }

    @Test
    void changeWithoutCategoriesChangesNothing() {
        ServiceProject p = project();
        assertRefused(
                "project.error.categories",
                () -> p.change("Other", PlanTier.ENTERPRISE, EnumSet.noneOf(WorkCategory.class)));
        assertUnchanged(p);
        assertRefused("project.error.categories", () -> p.change("Other", PlanTier.ENTERPRISE, Set.of()));
        assertUnchanged(p);
        assertRefused("project.error.categories", () -> p.change("Other", PlanTier.ENTERPRISE, null));
        assertUnchanged(p);
    }

    @Test
    void changeWithoutTierChangesNothing() {
        ServiceProject p = project();
        assertRefused("project.error.tier", () -> p.change("Other", null, EnumSet.of(WorkCategory.PROBLEMS)));
        assertUnchanged(p);
    }

    @Test
    void changeWithBlankOrTooLongNameChangesNothing() {
        ServiceProject p = project();
        for (String bad : new String[] {null, "", "   ", "n".repeat(121)}) {
            assertRefused(
                    "project.error.name", () -> p.change(bad, PlanTier.ENTERPRISE, EnumSet.of(WorkCategory.PROBLEMS)));
            assertUnchanged(p);
        }
        p.change("n".repeat(120), PlanTier.FREE, EnumSet.of(WorkCategory.PROBLEMS));
        assertEquals(120, p.getName().length());
    }

    @Test
    void newProjectWithBadValuesIsRefused() {
        assertRefused(
                "project.error.name",
                () -> new ServiceProject(1, " ", "AB", PlanTier.FREE, EnumSet.of(WorkCategory.CHANGES)));
        assertRefused(
                "project.error.tier", () -> new ServiceProject(1, "A", "AB", null, EnumSet.of(WorkCategory.CHANGES)));
        assertRefused("project.error.categories", () -> new ServiceProject(1, "A", "AB", PlanTier.FREE, Set.of()));
    }

    @Test
    void handlesIncidentsOnlyWithTheIncidentsCategory() {
        ServiceProject p = project();
        assertTrue(p.handlesIncidents());
        p.change(
                "Help desk",
                PlanTier.STANDARD,
                EnumSet.of(WorkCategory.SERVICE_REQUESTS, WorkCategory.POST_INCIDENT_REVIEWS));
        assertFalse(p.handlesIncidents());
        p.change("Help desk", PlanTier.STANDARD, Set.of(WorkCategory.INCIDENTS));
        assertTrue(p.handlesIncidents());
    }

    @Test
    void categoriesAreCopiedInAndOut() {
        Set<WorkCategory> given = EnumSet.of(WorkCategory.INCIDENTS);
        ServiceProject p = new ServiceProject(1, "A", "AB", PlanTier.FREE, given);
        given.add(WorkCategory.CHANGES);
        assertEquals(
                EnumSet.of(WorkCategory.INCIDENTS),
                p.getWorkCategories(),
                "later changes to the caller's set do not leak in");
        p.getWorkCategories().clear();
        assertTrue(p.handlesIncidents(), "the returned set is a copy");
    }
}
