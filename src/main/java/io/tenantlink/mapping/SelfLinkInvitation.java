package io.tenantlink.mapping;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A site admin's invitation for one person to link themselves to their Microsoft user in one connected tenant, by
 * signing in there (seed 000's fallback when no e-mail address finds the person). It works once, until it expires; a
 * newer invitation for the same person withdraws it. Only the token's hash is kept.
 */
@Entity
@Table(name = "self_link_invitation")
public class SelfLinkInvitation {

    public static final Duration LIFETIME = Duration.ofDays(7);

    /** What a person opening the invitation meets. */
    public enum State {
        OPEN,
        USED,
        WITHDRAWN,
        EXPIRED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;

    @Column(name = "connection_id", nullable = false, updatable = false)
    private long connectionId;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(name = "person_id", nullable = false, updatable = false)
    private long personId;

    @Column(name = "tenant_id", nullable = false, updatable = false)
    private String tenantId;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "linked_object_id")
    private String linkedObjectId;

    @Version
    private long version;

    protected SelfLinkInvitation() {}

    public SelfLinkInvitation(
            String tokenHash,
            long connectionId,
            long siteId,
            long personId,
            String tenantId,
            String createdBy,
            Instant now) {
        this.tokenHash = Objects.requireNonNull(tokenHash);
        this.connectionId = connectionId;
        this.siteId = siteId;
        this.personId = personId;
        this.tenantId = Objects.requireNonNull(tenantId);
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = now;
        this.expiresAt = now.plus(LIFETIME);
    }

    public State stateAt(Instant now) {
        if (closedAt != null) {
            return linkedObjectId == null ? State.WITHDRAWN : State.USED;
        }
        return now.isBefore(expiresAt) ? State.OPEN : State.EXPIRED;
    }

    public boolean usableAt(Instant now) {
        return stateAt(now) == State.OPEN;
    }

    /** Whether an account signed in to this tenant may use the invitation (the id token's tid, case-insensitive). */
    public boolean isForTenant(String signedInTenant) {
        return signedInTenant != null && tenantId.equalsIgnoreCase(signedInTenant);
    }

    /** The person signed in as this Microsoft user: the invitation is spent. */
    public void use(String objectId, Instant now) {
        requireOpen(now);
        if (objectId == null || objectId.isBlank()) {
            throw new IllegalArgumentException("no Microsoft user");
        }
        this.linkedObjectId = objectId;
        this.closedAt = now;
    }

    /** A newer invitation for the person (or a site admin) withdraws this one. */
    public void withdraw(Instant now) {
        requireOpen(now);
        this.closedAt = now;
    }

    private void requireOpen(Instant now) {
        if (!usableAt(now)) {
            throw new IllegalStateException("invitation is " + stateAt(now));
        }
    }

    public Long getId() {
        return id;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public long getSiteId() {
        return siteId;
    }

    public long getPersonId() {
        return personId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public String getLinkedObjectId() {
        return linkedObjectId;
    }
}
