package io.tenantlink.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Incident statuses and priorities as badges: each has a style the badge fragment draws; urgent ones stand out. */
class IncidentBadgesTest {

    static final Set<String> STYLES = Set.of("success", "failure", "warning", "info", "refused", "neutral");

    @Test
    void everyStatusAndPriorityHasABadgeStyle() {
        for (IncidentStatus s : IncidentStatus.values()) {
            assertTrue(STYLES.contains(s.badge()), s + ": " + s.badge());
            assertEquals(s.badge(), IncidentStatus.badgeOf(s.name()));
        }
        for (Priority p : Priority.values()) {
            assertTrue(STYLES.contains(p.badge()), p + ": " + p.badge());
            assertEquals(p.badge(), Priority.badgeOf(p.name()));
        }
    }

    @Test
    void openAndUrgentStandOutResolvedLooksDone() {
        assertEquals("warning", IncidentStatus.OPEN.badge());
        assertEquals("success", IncidentStatus.RESOLVED.badge());
        assertEquals("failure", Priority.P1.badge());
        assertEquals("neutral", Priority.P5.badge());
    }
}
