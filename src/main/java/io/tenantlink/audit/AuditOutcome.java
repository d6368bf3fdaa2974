package io.tenantlink.audit;

public enum AuditOutcome {
    SUCCESS,
    FAILURE,
    REFUSED
}
