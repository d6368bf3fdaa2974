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
import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One site's connection to one Microsoft tenant, keyed by (site, tenant id). The Microsoft account
 * that signed in is kept as its object id in that tenant (never its e-mail). It becomes ACTIVE only
 * after the tenant's consent was confirmed through Graph.
 */
@Entity
@Table(name = "tenant_connection")
public class TenantConnection {

    public static final Pattern GUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final int MAX_TEXT = 256;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false)
    private long siteId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    @Column(name = "tenant_name")
    private String tenantName;

    @Column(name = "verified_domain")
    private String verifiedDomain;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ConnectionStatus status;

    @Column(name = "connected_by", nullable = false)
    private String connectedBy;

    @Column(name = "signer_object_id", nullable = false)
    private String signerObjectId;

    @Column(name = "signer_can_consent", nullable = false)
    private boolean signerCanConsent;

    @Column(name = "permission_granted_by")
    private String permissionGrantedBy;

    @Column(name = "status_reason")
    private String statusReason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "signed_in_at", nullable = false)
    private Instant signedInAt;

    @Column(name = "activated_at")
    private Instant activatedAt;

    @Column(name = "disconnected_at")
    private Instant disconnectedAt;

    /** Consent doctor: why an (ACTIVE) connection needs a site admin's attention; null when it does not. */
    @Column(name = "attention_reason")
    private String attentionReason;

    @Column(name = "attention_feature")
    private String attentionFeature;

    @Column(name = "attention_detail")
    private String attentionDetail;

    @Column(name = "attention_since")
    private Instant attentionSince;

    @Version
    private long version;

    protected TenantConnection() {}

    /** A first sign-in of a site admin's Microsoft account for this (site, tenant). */
    public TenantConnection(long siteId, MicrosoftSigner signer, String portalUser, Instant now) {
        this.siteId = siteId;
        this.tenantId = requireGuid(signer.tenantId());
        this.createdAt = now;
        signedIn(signer, portalUser, now);
    }

    /**
     * A (re)sign-in: the signer and its consent capability are replaced, any earlier permission
     * note is dropped, and the connection waits for confirmation again.
     */
    public void signedIn(MicrosoftSigner signer, String portalUser, Instant now) {
        if (!tenantId.equalsIgnoreCase(signer.tenantId())) {
            throw new IllegalArgumentException("signer belongs to another tenant");
        }
        this.signerObjectId = requireGuid(signer.objectId());
        this.signerCanConsent = signer.canConsent();
        this.connectedBy = Objects.requireNonNull(portalUser, "portalUser");
        this.signedInAt = now;
        this.permissionGrantedBy = null;
        this.statusReason = null;
        this.disconnectedAt = null;
        this.status = ConnectionStatus.PERMISSION_REQUIRED;
        clearAttention();
    }

    /** The consent doctor found drift or a revocation (reason: a code of the doctor; detail: scopes, as text). */
    public void needsAttention(String reason, String feature, String detail, Instant now) {
        requireNot(ConnectionStatus.DISCONNECTED);
        boolean same = Objects.equals(reason, attentionReason) && Objects.equals(feature, attentionFeature);
        this.attentionReason = reason;
        this.attentionFeature = feature;
        this.attentionDetail = detail == null || detail.length() <= 512 ? detail : detail.substring(0, 512);
        if (!same || attentionSince == null) {
            this.attentionSince = now;
        }
    }

    public void clearAttention() {
        this.attentionReason = null;
        this.attentionFeature = null;
        this.attentionDetail = null;
        this.attentionSince = null;
    }

    /** Active, but the consent doctor flagged it. */
    public boolean isNeedsAttention() {
        return status == ConnectionStatus.ACTIVE && attentionReason != null;
    }

    public void describeTenant(String name, String domain) {
        this.tenantName = clip(name);
        this.verifiedDomain = clip(domain);
    }

    /** A tenant admin gave consent through an approval link; the requester still confirms it. */
    public void permissionGrantedBy(String who) {
        requireNot(ConnectionStatus.DISCONNECTED);
        this.permissionGrantedBy = clip(who);
    }

    /** Consent was confirmed through Graph. */
    public void activate(Instant now) {
        requireNot(ConnectionStatus.DISCONNECTED);
        this.status = ConnectionStatus.ACTIVE;
        this.activatedAt = now;
        this.statusReason = null;
    }

    /** Microsoft refused the stored refresh token: tokens are gone, a sign-in is needed. */
    public void needsSignIn(String reason) {
        requireNot(ConnectionStatus.DISCONNECTED);
        this.status = ConnectionStatus.NEEDS_SIGN_IN;
        this.statusReason = clip(reason);
    }

    public void disconnect(Instant now) {
        requireNot(ConnectionStatus.DISCONNECTED);
        this.status = ConnectionStatus.DISCONNECTED;
        this.disconnectedAt = now;
        this.permissionGrantedBy = null;
    }

    public boolean isActive() {
        return status == ConnectionStatus.ACTIVE;
    }

    public boolean isDisconnected() {
        return status == ConnectionStatus.DISCONNECTED;
    }

    /** msal4j's id for the signer's cached tokens: "{oid}.{tid}". */
    public String signerHomeAccountId() {
        return signerObjectId + "." + tenantId;
    }

    private void requireNot(ConnectionStatus forbidden) {
        if (status == forbidden) {
            throw new IllegalStateException("connection is " + status);
        }
    }

    static String requireGuid(String value) {
        if (value == null || !GUID.matcher(value).matches()) {
            throw new IllegalArgumentException("not a GUID");
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    private static String clip(String value) {
        return value == null || value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT);
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public String getTenantId() {
        return tenantId;
    }

    /** The tenant's name as Microsoft gave it, or its id when Graph did not say. */
    public String getDisplayName() {
        return tenantName == null || tenantName.isBlank() ? tenantId : tenantName;
    }

    public String getTenantName() {
        return tenantName;
    }

    public String getVerifiedDomain() {
        return verifiedDomain;
    }

    public ConnectionStatus getStatus() {
        return status;
    }

    public String getConnectedBy() {
        return connectedBy;
    }

    public String getSignerObjectId() {
        return signerObjectId;
    }

    public boolean isSignerCanConsent() {
        return signerCanConsent;
    }

    public String getPermissionGrantedBy() {
        return permissionGrantedBy;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getSignedInAt() {
        return signedInAt;
    }

    public Instant getActivatedAt() {
        return activatedAt;
    }

    public Instant getDisconnectedAt() {
        return disconnectedAt;
    }

    public String getAttentionReason() {
        return attentionReason;
    }

    public String getAttentionFeature() {
        return attentionFeature;
    }

    public String getAttentionDetail() {
        return attentionDetail;
    }

    public Instant getAttentionSince() {
        return attentionSince;
    }
}
