package io.tenantlink.teams;

import io.tenantlink.platform.web.Messages;
import java.util.Locale;
import java.util.Objects;
import org.unbescape.html.HtmlEscape;

/**
 * The messages TenantLink posts into an incident chat, as the small HTML Teams shows (Graph's chatMessage body,
 * contentType html). Every value from the incident is escaped; the words come from the messages bundle.
 */
public final class ChatMessages {

    /** What the chat shows of an incident. */
    public record IncidentFacts(
            String key, String summary, String priority, String status, String assignee, String link) {
        public IncidentFacts {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(summary, "summary");
            Objects.requireNonNull(link, "link");
        }
    }

    private final Locale locale;

    public ChatMessages(Locale locale) {
        this.locale = Objects.requireNonNull(locale, "locale");
    }

    /** The chat's topic: the incident's key and summary, cut to Teams' limit. */
    public static String topic(String key, String summary) {
        String topic = key + ": " + summary.strip();
        return topic.length() <= 250 ? topic : topic.substring(0, 249) + "…";
    }

    /** The incident's details; {@code heading} is a messages key (posted first, or after a change). */
    public String details(String headingKey, IncidentFacts facts) {
        return "<p><b>" + text(headingKey, facts.key()) + "</b></p>"
                + "<p><b>" + esc(facts.key()) + "</b>: " + esc(facts.summary()) + "</p>"
                + "<p>" + text("teams.chat.priority") + ": " + esc(facts.priority()) + "<br>"
                + text("teams.chat.status") + ": " + esc(facts.status()) + "<br>"
                + text("teams.chat.assignee") + ": "
                + (facts.assignee() == null ? text("teams.chat.unassigned") : esc(facts.assignee())) + "</p>"
                + link(facts.link());
    }

    /** The join link of a meeting just started. */
    public String meeting(IncidentFacts facts, String joinUrl) {
        return "<p><b>" + text("teams.chat.meetingStarted", facts.key()) + "</b></p>" + "<p><a href=\"" + esc(joinUrl)
                + "\">" + text("teams.chat.joinMeeting") + "</a></p>";
    }

    /** A stakeholder update, with who sent it. */
    public String update(IncidentFacts facts, String author, String text) {
        return "<p><b>" + text("teams.chat.update", facts.key(), author) + "</b></p>" + "<p>"
                + esc(text).replace("\n", "<br>") + "</p>" + link(facts.link());
    }

    /** TenantLink's answer to a command in the chat: one paragraph, or one per line of the text. */
    public String answer(String key, Object... args) {
        StringBuilder html = new StringBuilder();
        for (String line : Messages.get(locale, key, args).split("\n")) {
            html.append("<p>").append(esc(line)).append("</p>");
        }
        return html.toString();
    }

    private String link(String url) {
        return "<p><a href=\"" + esc(url) + "\">" + text("teams.chat.openIncident") + "</a></p>";
    }

    /** The bundle's text with its values, escaped as a whole (the values are the incident's, the words ours). */
    private String text(String key, Object... args) {
        return esc(Messages.get(locale, key, args));
    }

    private static String esc(String value) {
        return value == null ? "" : HtmlEscape.escapeHtml5(value);
    }
}
