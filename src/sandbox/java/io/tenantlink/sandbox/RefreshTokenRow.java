package io.tenantlink.sandbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A refresh token the sandbox issued, kept only as its SHA-256; single use (each refresh rotates it). */
@Entity
@Table(name = "sandbox_refresh_token")
public class RefreshTokenRow {
    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "client_id")
    public String clientId;

    @Column(name = "user_id")
    public String userId;

    public String scope;

    @Column(name = "issued_at")
    public Instant issuedAt;
    /** ACTIVE, USED (rotated away), REVOKED (sessions revoked: AADSTS50173), EXPIRED (inactive: AADSTS700082). */
    public String state;
}
