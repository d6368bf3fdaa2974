package io.tenantlink.teams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tenantlink.teams.ChatMessages.IncidentFacts;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ChatMessagesTest {

    private final ChatMessages messages = new ChatMessages(Locale.ENGLISH);

    @Test
    void detailsEscapeWhatPeopleTyped() {
        String html = messages.details(
                "teams.chat.createdHeading",
                new IncidentFacts(
                        "INC-7",
                        "<script>alert(1)</script> & \"quotes\"",
                        "P1",
                        "Open",
                        "Alex <Wilber>",
                        "https://portal.example/sites/1/projects/2/incidents/7?a=1&b=2"));
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"), html);
        assertTrue(html.contains("Alex &lt;Wilber&gt;"), html);
        assertTrue(html.contains("href=\"https://portal.example/sites/1/projects/2/incidents/7?a=1&amp;b=2\""), html);
        assertTrue(html.contains("Incident chat for INC-7"), html);
        assertTrue(html.contains("Priority: P1"), html);
    }

    @Test
    void noAssigneeReadsUnassigned() {
        String html = messages.details(
                "teams.chat.changedHeading", new IncidentFacts("INC-1", "Down", "P2", "Open", null, "https://x/"));
        assertTrue(html.contains("Assignee: Unassigned"), html);
        assertTrue(html.contains("INC-1 was changed"), html);
    }

    @Test
    void anUpdateKeepsItsLinesAndEscapesItsText() {
        String html = messages.update(
                new IncidentFacts("INC-1", "Down", "P2", "Open", null, "https://x/"), "Sam", "line one\n<b>two</b>");
        assertTrue(html.contains("line one<br>&lt;b&gt;two&lt;/b&gt;"), html);
        assertTrue(html.contains("Stakeholder update on INC-1 from Sam"), html);
    }

    @Test
    void theTopicIsKeyAndSummaryCutToTeamsLimit() {
        assertEquals("INC-3: Mail is down", ChatMessages.topic("INC-3", "  Mail is down "));
        assertEquals(250, ChatMessages.topic("INC-3", "x".repeat(400)).length());
    }
}
