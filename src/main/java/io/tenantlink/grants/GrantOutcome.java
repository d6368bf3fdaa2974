package io.tenantlink.grants;

/** Where one user of a limited-user approval job stands. */
public enum GrantOutcome {
    /** Not handled yet (or to be handled again after a restart). */
    PENDING,
    /** A new delegated grant (consentType Principal) was created. */
    CREATED,
    /** The user's grant existed with other scopes; its scope was replaced. */
    UPDATED,
    /** The user's grant already held exactly the scopes (the app role may still have been assigned). */
    SKIPPED,
    /** Not approved; the detail says why. */
    FAILED;

    public boolean done() {
        return this != PENDING;
    }
}
