package io.tenantlink.review;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.review.ReviewRules.Mode;
import io.tenantlink.site.SitePlan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Post-incident reviews' rules: the plan's gate, read-only after a downgrade, action items, the chat's text. */
class ReviewRulesTest {

    @Test
    void onlyPremiumAndEnterpriseWriteReviews() {
        assertEquals(Mode.WRITE, ReviewRules.mode(SitePlan.PREMIUM, false, true));
        assertEquals(Mode.WRITE, ReviewRules.mode(SitePlan.ENTERPRISE, true, true));
        assertEquals(Mode.GATED, ReviewRules.mode(SitePlan.FREE, false, true));
        assertEquals(Mode.GATED, ReviewRules.mode(SitePlan.STANDARD, false, true));
        for (SitePlan plan : List.of(SitePlan.FREE, SitePlan.STANDARD)) {
            InvalidInputException refused =
                    assertThrows(ReviewRules.GateClosed.class, () -> ReviewRules.requireOpen(plan));
            assertEquals("review.error.gate", refused.messageKey());
        }
        assertDoesNotThrow(() -> ReviewRules.requireOpen(SitePlan.PREMIUM));
        assertDoesNotThrow(() -> ReviewRules.requireOpen(SitePlan.ENTERPRISE));
    }

    @Test
    void aDowngradeKeepsAReviewReadOnlyForEveryone() {
        assertEquals(Mode.KEPT, ReviewRules.mode(SitePlan.STANDARD, true, true), "kept, even for people who work");
        assertEquals(Mode.KEPT, ReviewRules.mode(SitePlan.FREE, true, false));
        assertThrows(ReviewRules.GateClosed.class, () -> ReviewRules.requireOpen(SitePlan.STANDARD));
    }

    @Test
    void peopleWhoMayNotWorkTheIncidentRead() {
        assertEquals(Mode.READ, ReviewRules.mode(SitePlan.PREMIUM, true, false));
        assertEquals(Mode.READ, ReviewRules.mode(SitePlan.ENTERPRISE, false, false));
    }

    @Test
    void anActionItemHasADescriptionAndExactlyOneOwner() {
        ReviewRules.Item person = ReviewRules.item("  Add an alert on queue depth ", 7L, "", "2027-01-31");
        assertEquals("Add an alert on queue depth", person.description());
        assertEquals(7L, person.ownerPersonId());
        assertNull(person.ownerText());
        assertEquals(LocalDate.of(2027, 1, 31), person.due());

        ReviewRules.Item text = ReviewRules.item("Call the vendor", null, " Vendor support ", " ");
        assertNull(text.ownerPersonId());
        assertEquals("Vendor support", text.ownerText());
        assertNull(text.due(), "the due date is optional");

        assertKey("review.error.owner", () -> ReviewRules.item("x", null, "  ", null));
        assertKey("review.error.owner", () -> ReviewRules.item("x", 7L, "Vendor", null));
        assertKey("review.error.description", () -> ReviewRules.item("  ", 7L, null, null));
        assertKey("review.error.description", () -> ReviewRules.item("x".repeat(501), 7L, null, null));
        assertKey("review.error.characters", () -> ReviewRules.item("two\nlines", 7L, null, null));
        assertKey("review.error.characters", () -> ReviewRules.item("evil \u202E txt", 7L, null, null));
        assertKey("review.error.ownerText", () -> ReviewRules.item("x", null, "o".repeat(201), null));
        assertKey("review.error.dueDate", () -> ReviewRules.item("x", 7L, null, "31/01/2027"));
        assertKey("review.error.dueDate", () -> ReviewRules.item("x", 7L, null, "1999-12-31"));
        assertKey("review.error.dueDate", () -> ReviewRules.item("x", 7L, null, "2100-01-01"));
    }

    @Test
    void anOpenItemPastItsDueDateIsOverdue() {
        LocalDate today = LocalDate.of(2027, 2, 1);
        assertTrue(ReviewRules.overdue(LocalDate.of(2027, 1, 31), false, today));
        assertFalse(ReviewRules.overdue(LocalDate.of(2027, 1, 31), true, today), "done items are never overdue");
        assertFalse(ReviewRules.overdue(today, false, today));
        assertFalse(ReviewRules.overdue(null, false, today));
    }

    @Test
    void theSummaryKeepsLinesAndMayBeCleared() {
        assertEquals("Line one\nLine two", ReviewRules.summary("  Line one\r\nLine two \n"));
        assertEquals("", ReviewRules.summary("   "));
        assertEquals("", ReviewRules.summary(null));
        assertKey("review.error.summary", () -> ReviewRules.summary("x".repeat(ReviewRules.MAX_SUMMARY + 1)));
        assertKey("review.error.characters", () -> ReviewRules.summary("bell \u0007"));
    }

    @Test
    void chatMessagesBecomePlainTextOldestFirst() {
        Instant t1 = Instant.parse("2026-12-06T10:00:00Z");
        Instant t2 = Instant.parse("2026-12-06T10:05:00Z");
        List<ReviewRules.Line> lines = ReviewRules.lines(List.of(
                new ChatTranscripts.Message(
                        "Megan Bowen",
                        t2,
                        "<p><b>INC-1</b> &ndash; P1 &amp; rising</p><p>Next&nbsp;step<br>restart</p>"
                                + "<script>alert(1)</script><!-- hidden --><img src=x onerror=alert(1)>",
                        true),
                new ChatTranscripts.Message("Alex\u202E Wilber\n", t1, "plain <b>text</b> stays as typed", false)));
        assertEquals(2, lines.size());
        assertEquals(new ReviewRules.Line("Alex Wilber", t1, "plain <b>text</b> stays as typed"), lines.get(0));
        assertEquals("Megan Bowen", lines.get(1).sender());
        assertEquals(
                "INC-1 \u2013 P1 & rising\nNext step\nrestart", lines.get(1).text());
    }

    @Test
    void entitiesAreDecodedOnceAndMarkupNeverComesBack() {
        assertEquals("<script>x</script>", ReviewRules.plainText("&lt;script&gt;x&lt;/script&gt;"));
        assertEquals("&amp;", ReviewRules.plainText("&amp;amp;"));
        assertEquals("A \u00E9 \uD83D\uDE00 &bogus;", ReviewRules.plainText("A &#233; &#x1F600; &bogus;"));
        assertEquals("", ReviewRules.plainText("<attachment id=\"1\"></attachment>"));
        assertEquals("no", ReviewRules.plainText("n&#0;o\u0000"));
    }

    @Test
    void anExportKeepsTheNewestMessagesAndCutsLongOnes() {
        List<ChatTranscripts.Message> newestFirst = new ArrayList<>();
        for (int i = ReviewRules.MAX_CHAT_MESSAGES + 5; i > 0; i--) {
            newestFirst.add(new ChatTranscripts.Message("S", Instant.ofEpochSecond(i), "m" + i, false));
        }
        newestFirst.set(0, new ChatTranscripts.Message("x".repeat(300), null, "y".repeat(5000), false));
        List<ReviewRules.Line> lines = ReviewRules.lines(newestFirst);
        assertEquals(ReviewRules.MAX_CHAT_MESSAGES, lines.size());
        assertEquals("m" + 6, lines.get(0).text(), "the oldest kept is the 2000th newest");
        ReviewRules.Line last = lines.get(lines.size() - 1);
        assertEquals(ReviewRules.MAX_MESSAGE, last.text().length());
        assertEquals(ReviewRules.MAX_SENDER, last.sender().length());
        assertNull(last.sentAt());
    }

    private static void assertKey(String key, org.junit.jupiter.api.function.Executable call) {
        assertEquals(key, assertThrows(InvalidInputException.class, call).messageKey());
    }
}
