package io.tenantlink.connection;

/** Where a site's connection to one Microsoft tenant stands. */
public enum ConnectionStatus {
    /** Signed in; the tenant's admin consent is not confirmed yet. */
    PERMISSION_REQUIRED,
    /** Consent confirmed through Microsoft Graph: projects may use it. */
    ACTIVE,
    /** Microsoft refused the stored sign-in (refresh token expired or revoked): a site admin must sign in again. */
    NEEDS_SIGN_IN,
    /** Disconnected by a site admin: no tokens, no links; history kept; can be reconnected. */
    DISCONNECTED
}
