package io.tenantlink.automation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.incident.Priority;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.platform.InvalidInputException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutomationRuleTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static AutomationRule rule(
            boolean created,
            boolean changed,
            Priority max,
            boolean major,
            String participants,
            boolean chat,
            String update) {
        return new AutomationRule(
                1,
                2,
                new AutomationRule.Definition("War room", created, changed, max, major, participants, chat, update),
                "portal:admin",
                NOW);
    }

    private static String refusal(Runnable making) {
        return assertThrows(InvalidInputException.class, making::run).messageKey();
    }

    @Test
    void runsForItsTriggersAndAtLeastItsPriority() {
        AutomationRule p2 = rule(true, false, Priority.P2, false, null, true, null);
        assertTrue(p2.matches(TimelineEntryType.CREATED, Priority.P1, false));
        assertTrue(p2.matches(TimelineEntryType.CREATED, Priority.P2, false));
        assertFalse(p2.matches(TimelineEntryType.CREATED, Priority.P3, false));
        assertFalse(p2.matches(TimelineEntryType.CHANGED, Priority.P1, false), "not on changes");
        assertFalse(p2.matches(TimelineEntryType.NOTE, Priority.P1, false));

        AutomationRule major = rule(false, true, Priority.P5, true, null, true, null);
        assertTrue(major.matches(TimelineEntryType.CHANGED, Priority.P5, true));
        assertFalse(major.matches(TimelineEntryType.CHANGED, Priority.P1, false), "major incidents only");
    }

    @Test
    void participantsAreCheckedAddressesWithoutRepeats() {
        AutomationRule rule = rule(true, false, Priority.P1, false, " A@x.example;b@x.example\na@x.example ", true, "");
        assertEquals(List.of("a@x.example", "b@x.example"), rule.participantEmails());
        assertEquals(
                "automation.error.participant",
                refusal(() -> rule(true, false, Priority.P1, false, "nobody", true, "")));
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= AutomationRule.MAX_PARTICIPANTS; i++) {
            many.append("p").append(i).append("@x.example,");
        }
        assertEquals(
                "automation.error.participants",
                refusal(() -> rule(true, false, Priority.P1, false, many.toString(), true, "")));
    }

    @Test
    void aRuleNeedsANameATriggerAPriorityAndSomethingToDo() {
        assertEquals(
                "automation.error.trigger", refusal(() -> rule(false, false, Priority.P1, false, null, true, null)));
        assertEquals("automation.error.priority", refusal(() -> rule(true, false, null, false, null, true, null)));
        assertEquals("automation.error.action", refusal(() -> rule(true, false, Priority.P1, false, null, false, " ")));
        assertEquals(
                "automation.error.update",
                refusal(() -> rule(true, false, Priority.P1, false, null, false, "x".repeat(2001))));
        assertEquals(
                "automation.error.name",
                refusal(() -> new AutomationRule(
                        1,
                        2,
                        new AutomationRule.Definition(" ", true, false, Priority.P1, false, null, true, null),
                        "portal:admin",
                        NOW)));
        AutomationRule updateOnly = rule(true, false, Priority.P1, false, null, false, " We are on it. ");
        assertEquals("We are on it.", updateOnly.getUpdateText());
        assertFalse(updateOnly.isCreateChat());
    }
}
