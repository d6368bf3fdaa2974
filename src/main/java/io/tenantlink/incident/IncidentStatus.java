package io.tenantlink.incident;

/** Where an incident stands; {@link IncidentWorkflow} says which changes are allowed. */
public enum IncidentStatus {
    OPEN,
    ACKNOWLEDGED,
    RESOLVED,
    CLOSED;

    /** The status's badge style (fragments/badges): open warns, acknowledged informs, resolved succeeded, closed is done. */
    public String badge() {
        return switch (this) {
            case OPEN -> "warning";
            case ACKNOWLEDGED -> "info";
            case RESOLVED -> "success";
            case CLOSED -> "neutral";
        };
    }

    /** {@link #badge()} of a status by its name (as views carry it). */
    public static String badgeOf(String status) {
        return valueOf(status).badge();
    }
}
