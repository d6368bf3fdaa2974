package io.tenantlink.lifecycle;

/** What a lifecycle warning is about. */
public enum WarningKind {
    /** One of the portal's own app credentials (client secret or certificate) nears or passed its expiry. */
    CREDENTIAL_EXPIRY,
    /** Microsoft refused a connection's stored sign-in (failed silent token refresh): a tenant admin signs in again. */
    CONNECTION_SIGN_IN,
    /** The consent doctor found a connection's consent drifted or revoked. */
    CONNECTION_ATTENTION,
    /** The next catalog version will need new consent for a feature of a connected tenant. */
    CONSENT_FORECAST
}
