package io.tenantlink.incident;

import static io.tenantlink.incident.IncidentStatus.ACKNOWLEDGED;
import static io.tenantlink.incident.IncidentStatus.CLOSED;
import static io.tenantlink.incident.IncidentStatus.OPEN;
import static io.tenantlink.incident.IncidentStatus.RESOLVED;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class IncidentWorkflowTest {

    @Test
    void theUsualPathIsAllowed() {
        assertTrue(IncidentWorkflow.allows(OPEN, ACKNOWLEDGED));
        assertTrue(IncidentWorkflow.allows(ACKNOWLEDGED, RESOLVED));
        assertTrue(IncidentWorkflow.allows(RESOLVED, CLOSED));
    }

    @Test
    void shortcutsAndWayBack() {
        assertTrue(IncidentWorkflow.allows(OPEN, RESOLVED), "a quick fix resolves an open incident at once");
        assertTrue(IncidentWorkflow.allows(ACKNOWLEDGED, OPEN), "handed back");
        assertTrue(IncidentWorkflow.allows(RESOLVED, OPEN), "reopened");
    }

    @Test
    void forbiddenJumps() {
        assertFalse(IncidentWorkflow.allows(OPEN, CLOSED), "closing needs a resolution first");
        assertFalse(IncidentWorkflow.allows(ACKNOWLEDGED, CLOSED));
        assertFalse(IncidentWorkflow.allows(RESOLVED, ACKNOWLEDGED));
    }

    @ParameterizedTest
    @EnumSource(IncidentStatus.class)
    void closedIsFinal(IncidentStatus to) {
        assertEquals(to == CLOSED, IncidentWorkflow.allows(CLOSED, to));
        assertTrue(IncidentWorkflow.isFinal(CLOSED));
    }

    @ParameterizedTest
    @EnumSource(IncidentStatus.class)
    void stayingIsNoChangeAndAlwaysAllowed(IncidentStatus status) {
        assertTrue(IncidentWorkflow.allows(status, status));
        assertTrue(IncidentWorkflow.choices(status).contains(status));
    }

    @Test
    void choicesAreExactlyTheAllowedTargets() {
        for (IncidentStatus from : IncidentStatus.values()) {
            Set<IncidentStatus> expected = EnumSet.noneOf(IncidentStatus.class);
            for (IncidentStatus to : IncidentStatus.values()) {
                if (IncidentWorkflow.allows(from, to)) {
                    expected.add(to);
                }
            }
            assertEquals(expected, IncidentWorkflow.choices(from));
        }
        assertEquals(Set.of(OPEN, ACKNOWLEDGED, RESOLVED), IncidentWorkflow.choices(OPEN));
    }

    @Test
    void checkRefusesWithTheStatusesNamed() {
        InvalidInputException refused =
                assertThrows(InvalidInputException.class, () -> IncidentWorkflow.check(OPEN, CLOSED));
        assertEquals("incident.error.transition", refused.messageKey());
        assertEquals("OPEN", refused.arguments()[0]);
        assertEquals("CLOSED", refused.arguments()[1]);
        assertDoesNotThrow(() -> IncidentWorkflow.check(OPEN, ACKNOWLEDGED));
    }
}
