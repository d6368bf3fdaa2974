package io.tenantlink.incident;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of an incident's timeline; append-only. The type is kept by name so later features can add kinds. */
@Entity
@Table(name = "incident_timeline")
public class TimelineEntry {

    public static final int MAX_BODY = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private long incidentId;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Column(name = "entry_type", nullable = false, updatable = false)
    private String type;

    @Column(updatable = false)
    private String body;

    protected TimelineEntry() {}

    public TimelineEntry(long incidentId, String actor, String type, String body) {
        this.incidentId = incidentId;
        this.actor = actor.length() > 200 ? actor.substring(0, 200) : actor;
        this.type = type;
        this.body = body == null || body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY);
        this.occurredAt = Clock.now();
    }

    public Long getId() {
        return id;
    }

    public long getIncidentId() {
        return incidentId;
    }

    public Instant getOccurredAt() {
        return occurredAt;
    }

    public String getActor() {
        return actor;
    }

    public String getType() {
        return type;
    }

    public String getBody() {
        return body;
    }
}
