package io.tenantlink.api.token;

/** Whether a token can be used, as its page shows it. */
public enum ApiTokenState {
    ACTIVE,
    EXPIRED,
    REVOKED
}
