package io.tenantlink.incident;

import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.mail.MailMessage;
import io.tenantlink.platform.text.Text;
import io.tenantlink.platform.web.Messages;
import java.util.Locale;

/**
 * The rules of a stakeholder update: its text (required, at most {@link #MAX_TEXT} characters, line breaks allowed, no
 * control or bidi characters), that a closed incident takes none, and the e-mail each stakeholder gets (subject {@code
 * [KEY] summary — update} on one line, a plain-text body with the update, the incident's status and priority and a
 * link to it). Plain Java: {@code StakeholderUpdateRulesTest}.
 */
public final class StakeholderUpdateRules {

    public static final int MAX_TEXT = TimelineEntry.MAX_BODY;

    private StakeholderUpdateRules() {}

    /**
     * The text as stored: NFC, line breaks as LF (a browser sends CR LF), without leading and trailing blanks; refused
     * when empty, too long or unprintable.
     */
    public static String text(String value) {
        String text = value == null
                ? ""
                : Text.nfc(value).replace("\r\n", "\n").replace('\r', '\n').strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw new InvalidInputException("update.error.text", MAX_TEXT);
        }
        if (Text.hasForbidden(text, true)) {
            throw new InvalidInputException("update.error.characters");
        }
        return text;
    }

    /** Closed incidents are read-only: they take no more updates. */
    public static void allowedOn(IncidentStatus status) {
        if (IncidentWorkflow.isFinal(status)) {
            throw new InvalidInputException("update.error.closed");
        }
    }

    /** The subject line: {@code [INC-42] Checkout fails — update}, on one line whatever the summary holds. */
    public static String subject(String key, String summary) {
        return MailMessage.oneLine(
                Messages.get(Locale.ENGLISH, "update.mail.subject", key, MailMessage.oneLine(summary)));
    }

    /** The plain-text body: the update, then the incident's facts and link, then who wrote it and why one gets it. */
    public static String body(
            String text,
            String key,
            String summary,
            IncidentStatus status,
            Priority priority,
            String link,
            String author) {
        return Messages.get(
                Locale.ENGLISH,
                "update.mail.body",
                text,
                key,
                MailMessage.oneLine(summary),
                Messages.get(Locale.ENGLISH, "incidentStatus." + status.name()),
                Messages.get(Locale.ENGLISH, "priority." + priority.name()),
                link,
                author);
    }

    /** The page of an incident, relative to the portal. */
    public static String incidentPath(long siteId, long projectId, long number) {
        return "/sites/" + siteId + "/projects/" + projectId + "/incidents/" + number;
    }
}
