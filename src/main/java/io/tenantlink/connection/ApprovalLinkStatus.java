package io.tenantlink.connection;

/** The life of an approval link: PENDING → OPENED → APPROVED | DECLINED, or EXPIRED | REVOKED. */
public enum ApprovalLinkStatus {
    PENDING,
    OPENED,
    APPROVED,
    DECLINED,
    EXPIRED,
    REVOKED;

    /** Whether the link can still be used by a tenant admin. */
    public boolean usable() {
        return this == PENDING || this == OPENED;
    }
}
