package io.tenantlink.incident;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import org.junit.jupiter.api.Test;

class StakeholderUpdateRulesTest {

    @Test
    void textIsRequiredTrimmedAndLimited() {
        assertEquals(
                "Payments are back.\nWe watch.", StakeholderUpdateRules.text("  Payments are back.\nWe watch.\n "));
        for (String empty : new String[] {null, "", "   \n\t "}) {
            InvalidInputException refused =
                    assertThrows(InvalidInputException.class, () -> StakeholderUpdateRules.text(empty));
            assertEquals("update.error.text", refused.messageKey());
        }
        String longest = "x".repeat(StakeholderUpdateRules.MAX_TEXT);
        assertEquals(longest, StakeholderUpdateRules.text(longest));
        assertThrows(InvalidInputException.class, () -> StakeholderUpdateRules.text(longest + "x"));
    }

    @Test
    void controlAndBidiCharactersAreRefusedLineBreaksKept() {
        for (String bad : new String[] {"a\u0000b", "a\u001b[31mb", "abc\u202Eexe"}) {
            InvalidInputException refused =
                    assertThrows(InvalidInputException.class, () -> StakeholderUpdateRules.text(bad));
            assertEquals("update.error.characters", refused.messageKey());
        }
        assertEquals("a\nb\nc", StakeholderUpdateRules.text("a\r\nb\rc"), "line breaks as LF");
        assertEquals("Caf\u00e9", StakeholderUpdateRules.text("Cafe\u0301"), "stored in NFC");
    }

    @Test
    void closedIncidentsTakeNoUpdates() {
        for (IncidentStatus open :
                new IncidentStatus[] {IncidentStatus.OPEN, IncidentStatus.ACKNOWLEDGED, IncidentStatus.RESOLVED}) {
            StakeholderUpdateRules.allowedOn(open);
        }
        InvalidInputException refused = assertThrows(
                InvalidInputException.class, () -> StakeholderUpdateRules.allowedOn(IncidentStatus.CLOSED));
        assertEquals("update.error.closed", refused.messageKey());
    }

    @Test
    void theSubjectIsOneLineWithKeyAndSummary() {
        assertEquals("[INC-42] Checkout fails — update", StakeholderUpdateRules.subject("INC-42", "Checkout fails"));
        String injected = StakeholderUpdateRules.subject("INC-1", "Down\r\nBcc: victim@example.com");
        assertFalse(injected.contains("\r") || injected.contains("\n"), injected);
        assertEquals("[INC-1] Down  Bcc: victim@example.com — update", injected);
    }

    @Test
    void theBodyHasTheUpdateStatusPriorityLinkAndAuthor() {
        String body = StakeholderUpdateRules.body(
                "Payments are back.\nWe watch for an hour.",
                "INC-42",
                "Checkout fails",
                IncidentStatus.ACKNOWLEDGED,
                Priority.P1,
                "https://tenantlink.example.com/sites/1/projects/2/incidents/42",
                "Megan Bowen");
        assertTrue(body.startsWith("Payments are back.\nWe watch for an hour.\n"), body);
        assertTrue(body.contains("Incident: INC-42 Checkout fails\n"), body);
        assertTrue(body.contains("Status: Acknowledged\n"), body);
        assertTrue(body.contains("Priority: P1 – critical\n"), body);
        assertTrue(body.contains("Open the incident: https://tenantlink.example.com/sites/1/projects/2/incidents/42"));
        assertTrue(body.contains("Written by Megan Bowen."), body);
        assertEquals("/sites/1/projects/2/incidents/42", StakeholderUpdateRules.incidentPath(1, 2, 42));
    }

    @Test
    void aRecipientSettlesOnceAndKeepsTheReasonOfAFailure() {
        UpdateRecipient pending = new UpdateRecipient(1, 2, "Ann", "ann@example.com", true);
        assertEquals(DeliveryStatus.PENDING, pending.getStatus());
        assertTrue(pending.settle(DeliveryStatus.FAILED, "the SMTP server could not be reached"));
        assertEquals(DeliveryStatus.FAILED, pending.getStatus());
        assertEquals("the SMTP server could not be reached", pending.getReason());
        assertFalse(pending.settle(DeliveryStatus.SENT, null), "an outcome is final");
        assertEquals(DeliveryStatus.FAILED, pending.getStatus());

        UpdateRecipient sent = new UpdateRecipient(1, 3, "Bo", "bo@example.com", true);
        assertTrue(sent.settle(DeliveryStatus.SENT, "ignored"));
        assertEquals(null, sent.getReason());
        UpdateRecipient unconfigured = new UpdateRecipient(1, 4, "Cy", "cy@example.com", false);
        assertEquals(DeliveryStatus.NOT_CONFIGURED, unconfigured.getStatus());
        assertFalse(unconfigured.settle(DeliveryStatus.SENT, null));
    }
}
