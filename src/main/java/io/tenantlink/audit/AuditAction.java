package io.tenantlink.audit;

/** Kinds of audited events; later features add consent events here. */
public enum AuditAction {
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    LOGOUT,
    PASSWORD_CHANGED,
    PASSWORD_CHANGE_REFUSED,
    ACCOUNT_CREATED,
    ACCOUNT_ENABLED,
    ACCOUNT_DISABLED,
    ROLE_ASSIGNED,
    ROLE_REMOVED,
    SITE_CREATED,
    SITE_RENAMED,
    PROJECT_CREATED,
    PROJECT_CHANGED,
    ACCESS_REFUSED,
    AUDIT_EXPORTED,
    AUDIT_VERIFIED
}
