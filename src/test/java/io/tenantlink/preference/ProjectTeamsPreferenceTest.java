package io.tenantlink.preference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProjectTeamsPreferenceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);

    private static void assertAsCreated(ProjectTeamsPreference p) {
        assertTrue(p.isTeamsEnabled());
        assertEquals(5L, p.getConnectionId());
        assertEquals("portal:padmin", p.getUpdatedBy());
        assertEquals(T0, p.getUpdatedAt());
    }

    @Test
    void keepsWhatWasGiven() {
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, true, 5L, "portal:padmin", T0);
        assertEquals(42, p.getProjectId());
        assertAsCreated(p);
    }

    @Test
    void switchingOnNeedsAConnection() {
        assertThrows(
                IllegalArgumentException.class, () -> new ProjectTeamsPreference(42, true, null, "portal:padmin", T0));
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, true, 5L, "portal:padmin", T0);
        assertThrows(IllegalArgumentException.class, () -> p.change(true, null, "portal:other", T1));
        assertAsCreated(p);
    }

    @Test
    void switchedOffMayKeepOrHaveNoConnection() {
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, false, null, "portal:padmin", T0);
        assertFalse(p.isTeamsEnabled());
        assertNull(p.getConnectionId());
        assertTrue(p.change(false, 5L, "portal:padmin", T1));
        assertEquals(5L, p.getConnectionId());
    }

    @Test
    void aChangeRecordsWhoAndWhen() {
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, true, 5L, "portal:padmin", T0);
        assertTrue(p.change(false, 5L, "portal:siteadmin", T1));
        assertFalse(p.isTeamsEnabled());
        assertEquals("portal:siteadmin", p.getUpdatedBy());
        assertEquals(T1, p.getUpdatedAt());
        assertTrue(p.change(false, 6L, "portal:siteadmin", T1.plusSeconds(1)));
        assertEquals(6L, p.getConnectionId());
    }

    @Test
    void sameValuesAreNoChangeAndLeaveWhoAndWhenAlone() {
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, true, 5L, "portal:padmin", T0);
        assertFalse(p.change(true, 5L, "portal:someone-else", T1));
        assertAsCreated(p);
    }

    @Test
    void whoAndWhenAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new ProjectTeamsPreference(42, false, null, " ", T0));
        assertThrows(IllegalArgumentException.class, () -> new ProjectTeamsPreference(42, false, null, null, T0));
        assertThrows(NullPointerException.class, () -> new ProjectTeamsPreference(42, false, null, "portal:x", null));
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, true, 5L, "portal:padmin", T0);
        assertThrows(IllegalArgumentException.class, () -> p.change(false, 5L, "", T1));
        assertAsCreated(p);
    }

    @Test
    void longActorsAreClippedToTheColumn() {
        String actor = "portal:" + "a".repeat(64);
        ProjectTeamsPreference p = new ProjectTeamsPreference(42, false, null, actor, T0);
        assertEquals(ProjectTeamsPreference.MAX_UPDATED_BY, p.getUpdatedBy().length());
        assertEquals(actor.substring(0, ProjectTeamsPreference.MAX_UPDATED_BY), p.getUpdatedBy());
    }
}
