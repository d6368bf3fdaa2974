package io.tenantlink.site;

/**
 * What a site's plan opens (issue 13, seed 000): Teams chats and meetings on every plan; major incidents and
 * post-incident reviews on Premium and Enterprise only. A downgrade closes a gate for new changes only: data made
 * while it was open stays, read-only.
 */
public final class PlanGates {

    private PlanGates() {}

    /** Whether incidents may be marked (or unmarked) as major incidents. */
    public static boolean majorIncidents(SitePlan plan) {
        return plan == SitePlan.PREMIUM || plan == SitePlan.ENTERPRISE;
    }

    /** Whether post-incident reviews may be written. */
    public static boolean postIncidentReview(SitePlan plan) {
        return plan == SitePlan.PREMIUM || plan == SitePlan.ENTERPRISE;
    }

    /** Teams chats and meetings for incidents: every plan (the project's Teams switch still decides). */
    public static boolean teamsChats(SitePlan plan) {
        return plan != null;
    }

    /** The lowest plan that opens post-incident reviews, for the pages that explain the gate. */
    public static SitePlan lowestForPostIncidentReview() {
        return SitePlan.PREMIUM;
    }

    /** The lowest plan that opens major incidents, for the pages that explain the gate. */
    public static SitePlan lowestForMajorIncidents() {
        return SitePlan.PREMIUM;
    }
}
