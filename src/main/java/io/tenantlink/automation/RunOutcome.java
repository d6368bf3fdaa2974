package io.tenantlink.automation;

/** What one run of a rule on an incident did. */
public enum RunOutcome {
    /** The chat was created (and/or the update sent). */
    DONE,
    /** The incident had its chat already; the update, if any, was sent. */
    CHAT_EXISTED,
    /** The tenant has not granted the ChatOps app an application permission the rule needs. */
    BLOCKED,
    /** Teams is off for the project, its tenant needs attention, or Graph refused or did not answer. */
    FAILED
}
