package io.tenantlink.connection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A link a site admin shares with a tenant admin, bound to one connection, one tenant and one
 * permission set. Only the SHA-256 of its token is stored; it expires, can be revoked, and is
 * spent by the first consent (or refusal) given through it.
 */
@Entity
@Table(name = "approval_link")
public class ApprovalLink {

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    @Column(name = "connection_id", nullable = false)
    private long connectionId;

    @Column(name = "site_id", nullable = false)
    private long siteId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "permission_set", nullable = false)
    private String permissionSet;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ApprovalLinkStatus status;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "opened_at")
    private Instant openedAt;

    @Column(name = "decided_at")
    private Instant decidedAt;

    @Column(name = "decided_by")
    private String decidedBy;

    @Version
    private long version;

    protected ApprovalLink() {}

    public ApprovalLink(
            TenantConnection connection,
            String tokenHash,
            String permissionSet,
            String createdBy,
            Instant now,
            Duration lifetime) {
        if (connection.isDisconnected()) {
            throw new IllegalStateException("connection is disconnected");
        }
        if (connection.getId() == null) {
            throw new IllegalArgumentException("the connection must be saved before a link can point at it");
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive");
        }
        this.tokenHash = Objects.requireNonNull(tokenHash, "tokenHash");
        this.connectionId = connection.getId();
        this.siteId = connection.getSiteId();
        this.tenantId = connection.getTenantId();
        this.permissionSet = Objects.requireNonNull(permissionSet, "permissionSet");
        this.createdBy = Objects.requireNonNull(createdBy, "createdBy");
        this.createdAt = now;
        this.expiresAt = now.plus(lifetime);
        this.status = ApprovalLinkStatus.PENDING;
    }

    /** The status a reader should see now: a usable link past its expiry is expired even before the timer ran. */
    public ApprovalLinkStatus statusAt(Instant now) {
        return status.usable() && !now.isBefore(expiresAt) ? ApprovalLinkStatus.EXPIRED : status;
    }

    public boolean usableAt(Instant now) {
        return statusAt(now).usable();
    }

    /** The tenant admin chose to sign in (a POST, never the GET a link scanner makes). */
    public void open(Instant now) {
        requireUsable(now);
        if (status == ApprovalLinkStatus.PENDING) {
            status = ApprovalLinkStatus.OPENED;
            openedAt = now;
        }
    }

    public void approve(String by, Instant now) {
        decide(ApprovalLinkStatus.APPROVED, by, now);
    }

    public void decline(String by, Instant now) {
        decide(ApprovalLinkStatus.DECLINED, by, now);
    }

    public void revoke(String by, Instant now) {
        if (!status.usable()) {
            throw new IllegalStateException("link is " + status);
        }
        status = ApprovalLinkStatus.REVOKED;
        decidedAt = now;
        decidedBy = by;
    }

    /** Marks a usable link past its expiry as expired; false when there was nothing to do. */
    public boolean expireIfDue(Instant now) {
        if (status.usable() && !now.isBefore(expiresAt)) {
            status = ApprovalLinkStatus.EXPIRED;
            decidedAt = now;
            return true;
        }
        return false;
    }

    private void decide(ApprovalLinkStatus outcome, String by, Instant now) {
        requireUsable(now);
        status = outcome;
        decidedAt = now;
        decidedBy = by;
    }

    private void requireUsable(Instant now) {
        if (!usableAt(now)) {
            throw new IllegalStateException("link is " + statusAt(now));
        }
    }

    public Long getId() {
        return id;
    }

    public String getTokenHash() {
        return tokenHash;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public long getSiteId() {
        return siteId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public String getPermissionSet() {
        return permissionSet;
    }

    public ApprovalLinkStatus getStatus() {
        return status;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getOpenedAt() {
        return openedAt;
    }

    public Instant getDecidedAt() {
        return decidedAt;
    }

    public String getDecidedBy() {
        return decidedBy;
    }
}
