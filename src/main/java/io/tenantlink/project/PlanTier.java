package io.tenantlink.project;

public enum PlanTier {
    FREE,
    STANDARD,
    PREMIUM,
    ENTERPRISE
}
