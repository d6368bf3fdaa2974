package io.tenantlink.connection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * One round trip of the browser to Microsoft: the hash of its {@code state}, the session it is
 * bound to (a hash), its purpose and what it concerns, the expected tenant (mix-up defence), the
 * nonce and the encrypted PKCE verifier. Single use and valid for ten minutes.
 */
@Entity
@Table(name = "sign_in_request")
public class SignInRequest {

    public static final Duration LIFETIME = Duration.ofMinutes(10);

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "state_hash", nullable = false, unique = true)
    private String stateHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SignInPurpose purpose;

    @Column(name = "session_binding", nullable = false)
    private String sessionBinding;

    @Column(name = "account_id")
    private Long accountId;

    @Column(name = "site_id")
    private Long siteId;

    @Column(name = "connection_id")
    private Long connectionId;

    @Column(name = "approval_link_id")
    private Long approvalLinkId;

    @Column(name = "expected_tenant")
    private String expectedTenant;

    @Column
    private String nonce;

    @Column(name = "code_verifier")
    private byte[] codeVerifier;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected SignInRequest() {}

    public SignInRequest(
            String stateHash,
            SignInPurpose purpose,
            String sessionBinding,
            Long accountId,
            Long siteId,
            Long connectionId,
            Long approvalLinkId,
            String expectedTenant,
            String nonce,
            byte[] encryptedVerifier,
            Instant now) {
        this.stateHash = stateHash;
        this.purpose = purpose;
        this.sessionBinding = sessionBinding;
        this.accountId = accountId;
        this.siteId = siteId;
        this.connectionId = connectionId;
        this.approvalLinkId = approvalLinkId;
        this.expectedTenant = expectedTenant;
        this.nonce = nonce;
        this.codeVerifier = encryptedVerifier;
        this.createdAt = now;
        this.expiresAt = now.plus(LIFETIME);
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }

    public Long getId() {
        return id;
    }

    public String getStateHash() {
        return stateHash;
    }

    public SignInPurpose getPurpose() {
        return purpose;
    }

    public String getSessionBinding() {
        return sessionBinding;
    }

    public Long getAccountId() {
        return accountId;
    }

    public Long getSiteId() {
        return siteId;
    }

    public Long getConnectionId() {
        return connectionId;
    }

    public Long getApprovalLinkId() {
        return approvalLinkId;
    }

    public String getExpectedTenant() {
        return expectedTenant;
    }

    public String getNonce() {
        return nonce;
    }

    public byte[] getCodeVerifier() {
        return codeVerifier;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getUsedAt() {
        return usedAt;
    }
}
