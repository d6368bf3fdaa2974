package io.tenantlink.incident;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * An update for an incident's stakeholders: its text is the incident's STAKEHOLDER_UPDATE timeline entry, its
 * {@link UpdateRecipient}s what became of each e-mail. Written once, never changed.
 */
@Entity
@Table(name = "stakeholder_update")
public class StakeholderUpdate {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private long incidentId;

    @Column(name = "timeline_entry_id", nullable = false, updatable = false)
    private long timelineEntryId;

    @Column(nullable = false, updatable = false)
    private String body;

    @Column(nullable = false, updatable = false)
    private String author;

    @Column(name = "author_name", nullable = false, updatable = false)
    private String authorName;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    protected StakeholderUpdate() {}

    /** {@code text} has passed {@link StakeholderUpdateRules#text}. */
    public StakeholderUpdate(long incidentId, long timelineEntryId, String text, String author, String authorName) {
        this.incidentId = incidentId;
        this.timelineEntryId = timelineEntryId;
        this.body = text;
        this.author = cut(author);
        this.authorName = cut(authorName == null || authorName.isBlank() ? author : authorName);
        this.createdAt = Clock.now();
    }

    private static String cut(String value) {
        return value.length() > 200 ? value.substring(0, 200) : value;
    }

    public Long getId() {
        return id;
    }

    public long getIncidentId() {
        return incidentId;
    }

    public long getTimelineEntryId() {
        return timelineEntryId;
    }

    public String getBody() {
        return body;
    }

    public String getAuthor() {
        return author;
    }

    public String getAuthorName() {
        return authorName;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
