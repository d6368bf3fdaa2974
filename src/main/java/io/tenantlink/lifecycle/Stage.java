package io.tenantlink.lifecycle;

/** How far a warning has come, least urgent first: the thresholds before a credential expires, expiry, a failure. */
public enum Stage {
    /** The next catalog version will ask a tenant for consent it has not given (re-consent forecast). */
    FORECAST,
    DAYS_30,
    DAYS_7,
    DAYS_1,
    EXPIRED,
    /** A connection fails now (Microsoft refused its sign-in, or the consent doctor flagged it). */
    FAILING;

    /** Urgent stages are mailed again every day until a site admin acknowledges them. */
    public boolean urgent() {
        return this == DAYS_1 || this == EXPIRED || this == FAILING;
    }

    /** The badge style of the stage (fragments/badges). */
    public String badge() {
        return switch (this) {
            case FORECAST, DAYS_30 -> "info";
            case DAYS_7 -> "warning";
            default -> "failure";
        };
    }
}
