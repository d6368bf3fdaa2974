package io.tenantlink.site;

/** The plan of a site, set by the operator; {@link PlanGates} says what each plan opens. */
public enum SitePlan {
    FREE,
    STANDARD,
    PREMIUM,
    ENTERPRISE
}
