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
    STAKEHOLDER_UPDATE
}
