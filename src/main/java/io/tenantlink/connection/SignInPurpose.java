package io.tenantlink.connection;

/** Why the browser was sent to Microsoft; a callback is accepted only for the purpose it was issued for. */
public enum SignInPurpose {
    /** A site admin signs in to connect (or reconnect) a tenant. */
    CONNECT,
    /** A site admin who is a tenant admin gives admin consent. */
    CONSENT,
    /** A tenant admin, arriving through an approval link, proves who they are. */
    LINK_SIGN_IN,
    /** That tenant admin gives admin consent. */
    LINK_CONSENT,
    /** A tenant admin signs in to the consent-management app for a limited-user approval job's token (io.tenantlink.grants). */
    GRANT_JOB_SIGN_IN,
    /** A portal user signs in to the ChatOps app to work an incident in Teams as themselves (io.tenantlink.teams). */
    TEAMS_SIGN_IN,
    /**
     * A person of a site, arriving through a site admin's self-link invitation (no portal account), signs in to link
     * themselves to their Microsoft user (io.tenantlink.mapping).
     */
    SELF_LINK_SIGN_IN
}
