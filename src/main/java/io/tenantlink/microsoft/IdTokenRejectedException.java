package io.tenantlink.microsoft;

import java.util.Objects;

/**
 * An id_token that must not be trusted. The message names the reason and the rule broken,
 * never the token, its claims' values or the nonce (they may reach logs and audit rows).
 */
public class IdTokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the token was refused; stable names, fit for audit rows and tests. */
    public enum Reason {
        BAD_ALGORITHM,
        UNKNOWN_KEY,
        BAD_SIGNATURE,
        BAD_ISSUER,
        BAD_TENANT,
        BAD_AUDIENCE,
        EXPIRED,
        NOT_YET_VALID,
        BAD_NONCE,
        MALFORMED
    }

    private final Reason reason;

    public IdTokenRejectedException(Reason reason, String rule) {
        super("id_token rejected: " + Objects.requireNonNull(reason, "reason") + " (" + rule + ")");
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
