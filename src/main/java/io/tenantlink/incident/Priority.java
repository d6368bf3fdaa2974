package io.tenantlink.incident;

/** P1 (most urgent) to P5. */
public enum Priority {
    P1,
    P2,
    P3,
    P4,
    P5;

    /** The priority's badge style (fragments/badges): P1 fails, P2 warns, P3 informs, P4 and P5 are neutral. */
    public String badge() {
        return switch (this) {
            case P1 -> "failure";
            case P2 -> "warning";
            case P3 -> "info";
            case P4, P5 -> "neutral";
        };
    }

    /** {@link #badge()} of a priority by its name (as views carry it). */
    public static String badgeOf(String priority) {
        return valueOf(priority).badge();
    }
}
