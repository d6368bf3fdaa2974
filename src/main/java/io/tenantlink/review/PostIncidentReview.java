package io.tenantlink.review;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * An incident's post-incident review (at most one per incident): its summary, who last changed it, and when the
 * incident chat's messages were last exported into it. Its {@link ActionItem}s and {@link ReviewChatMessage}s refer to
 * it. Written only while the site's plan opens reviews ({@link ReviewRules}); kept, read-only, after a downgrade.
 */
@Entity
@Table(name = "post_incident_review")
public class PostIncidentReview {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false, updatable = false)
    private long incidentId;

    @Column(nullable = false)
    private String summary;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    @Column(name = "chat_exported_at")
    private Instant chatExportedAt;

    @Column(name = "chat_exported_by")
    private String chatExportedBy;

    /** The last export kept only the newest {@link ReviewRules#MAX_CHAT_MESSAGES} messages. */
    @Column(name = "chat_cut", nullable = false)
    private boolean chatCut;

    @Version
    private long version;

    protected PostIncidentReview() {}

    public PostIncidentReview(long incidentId, String actor) {
        this.incidentId = incidentId;
        this.summary = "";
        this.createdAt = Clock.now();
        this.createdBy = ReviewRules.actor(actor);
        this.updatedAt = createdAt;
        this.updatedBy = createdBy;
    }

    /** {@code text} has passed {@link ReviewRules#summary}. */
    void summary(String text, String actor) {
        this.summary = text;
        touch(actor);
    }

    void chatExported(String actor, boolean cut) {
        this.chatExportedAt = Clock.now();
        this.chatExportedBy = ReviewRules.actor(actor);
        this.chatCut = cut;
        touch(actor);
    }

    void touch(String actor) {
        this.updatedAt = Clock.now();
        this.updatedBy = ReviewRules.actor(actor);
    }

    public Long getId() {
        return id;
    }

    public long getIncidentId() {
        return incidentId;
    }

    public String getSummary() {
        return summary;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public Instant getChatExportedAt() {
        return chatExportedAt;
    }

    public String getChatExportedBy() {
        return chatExportedBy;
    }

    public boolean isChatCut() {
        return chatCut;
    }
}
