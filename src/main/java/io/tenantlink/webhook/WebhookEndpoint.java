package io.tenantlink.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/** A site's service-desk URL that receives its incident events, with the sealed secret that signs them. */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(nullable = false, updatable = false)
    private String url;

    @Column(name = "secret_sealed", nullable = false, updatable = false)
    private byte[] secretSealed;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "removed_at")
    private Instant removedAt;

    @Version
    private long version;

    protected WebhookEndpoint() {}

    public WebhookEndpoint(long siteId, String url, byte[] secretSealed, String createdBy, Instant now) {
        this.siteId = siteId;
        this.url = WebhookUrl.check(url).toString();
        this.secretSealed = Objects.requireNonNull(secretSealed).clone();
        this.createdBy = Objects.requireNonNull(createdBy);
        this.createdAt = now;
    }

    /** Removed endpoints receive nothing more; their deliveries stay in the log. */
    public void remove(Instant now) {
        if (removedAt == null) {
            removedAt = now;
        }
    }

    public boolean isActive() {
        return removedAt == null;
    }

    /** What the secret is sealed with (TokenCipher's associated data): this endpoint of this site only. */
    public static String sealBinding(long siteId, String url) {
        return "webhook:" + siteId + ":" + url;
    }

    public String sealBinding() {
        return sealBinding(siteId, url);
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public String getUrl() {
        return url;
    }

    public byte[] getSecretSealed() {
        return secretSealed.clone();
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRemovedAt() {
        return removedAt;
    }
}
