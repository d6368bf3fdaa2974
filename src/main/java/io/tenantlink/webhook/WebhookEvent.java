package io.tenantlink.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One event of a site, as sent (the outbox): written in the transaction of the change it describes. */
@Entity
@Table(name = "webhook_event")
public class WebhookEvent {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(name = "event_key", nullable = false, updatable = false)
    private String eventKey;

    @Column(name = "event_type", nullable = false, updatable = false)
    private String eventType;

    @Column(name = "incident_key", updatable = false)
    private String incidentKey;

    @Column(nullable = false, updatable = false)
    private String payload;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected WebhookEvent() {}

    public WebhookEvent(long siteId, UUID key, String eventType, String incidentKey, String payload, Instant now) {
        this.siteId = siteId;
        this.eventKey = key.toString();
        this.eventType = Objects.requireNonNull(eventType);
        this.incidentKey = incidentKey;
        this.payload = Objects.requireNonNull(payload);
        this.createdAt = now;
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public String getEventKey() {
        return eventKey;
    }

    public String getEventType() {
        return eventType;
    }

    public String getIncidentKey() {
        return incidentKey;
    }

    public String getPayload() {
        return payload;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
