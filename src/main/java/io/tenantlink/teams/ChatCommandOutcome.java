package io.tenantlink.teams;

/** What a command from an incident chat did (kept per message; the chat is told). */
public enum ChatCommandOutcome {
    NOTE_ADDED,
    REPLY_ADDED,
    PRIORITY_SET,
    ASSIGNED,
    HELP,
    /** Started with "!" but is no command of the grammar. */
    UNKNOWN_COMMAND,
    /** The sender's Microsoft user is mapped to no person of the site, or no portal account signed in as them. */
    REFUSED_UNKNOWN_SENDER,
    /** The sender's portal account may not work this incident. */
    REFUSED_NO_RIGHT,
    /** The incident refused the change (closed, or the value is not allowed). */
    REFUSED_INVALID;

    public boolean refused() {
        return name().startsWith("REFUSED_");
    }
}
