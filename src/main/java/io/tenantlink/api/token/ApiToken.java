package io.tenantlink.api.token;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Set;

/** A per-site API token: its SHA-256, scopes, expiry, last use, revocation. The token itself is never stored. */
@Entity
@Table(name = "api_token")
public class ApiToken {

    public static final int MAX_NAME = 120;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(nullable = false, updatable = false)
    private String name;

    @Column(name = "token_hash", nullable = false, updatable = false)
    private String tokenHash;

    @Column(nullable = false, updatable = false)
    private String scopes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    @Column(name = "revoked_by")
    private String revokedBy;

    @Version
    private long version;

    protected ApiToken() {}

    public ApiToken(long siteId, String name, String tokenHash, Set<ApiScope> scopes, Instant expiresAt, String by) {
        String value = name == null ? "" : name.strip();
        if (value.isEmpty() || value.length() > MAX_NAME) {
            throw new InvalidInputException("apiToken.error.name", MAX_NAME);
        }
        this.createdAt = Clock.now();
        if (expiresAt == null || !expiresAt.isAfter(createdAt)) {
            throw new InvalidInputException("apiToken.error.expiry");
        }
        this.siteId = siteId;
        this.name = value;
        this.tokenHash = tokenHash;
        this.scopes = ApiTokens.writeScopes(scopes);
        this.expiresAt = expiresAt;
        this.createdBy = by;
    }

    /** Why the token cannot be used at {@code now}, or null when it can. */
    public String unusableReason(Instant now) {
        if (revokedAt != null) {
            return "revoked";
        }
        if (!now.isBefore(expiresAt)) {
            return "expired";
        }
        return null;
    }

    public void used(Instant now) {
        this.lastUsedAt = now;
    }

    public void revoke(String by) {
        if (revokedAt == null) {
            this.revokedAt = Clock.now();
            this.revokedBy = by;
        }
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public String getName() {
        return name;
    }

    public Set<ApiScope> getScopes() {
        return ApiTokens.parseScopes(scopes);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public String getRevokedBy() {
        return revokedBy;
    }
}
