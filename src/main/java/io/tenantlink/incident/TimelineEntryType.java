package io.tenantlink.incident;

/**
 * Kinds of timeline entries. Later features add theirs (a Teams chat created, a meeting started, a stakeholder update
 * sent, a chat message taken over): the column holds the name, the page a message {@code timeline.<TYPE>}.
 */
public enum TimelineEntryType {
    CREATED,
    CHANGED,
    NOTE,
    REPLY,
    /** The incident's Microsoft Teams chat was created (io.tenantlink.teams). */
    CHAT_CREATED,
    /** People were added to the incident's chat. */
    CHAT_MEMBERS_ADDED,
    /** A Teams meeting was started for the incident; the body holds its join link. */
    MEETING_STARTED,
    /** A stakeholder update was sent (e-mail and the incident chat). */
    STAKEHOLDER_UPDATE,
    /** The incident's post-incident review changed (io.tenantlink.review); the body says how. */
    REVIEW
}
