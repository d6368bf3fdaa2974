package io.tenantlink.lifecycle;

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

/** A lifecycle warning of a site while its condition holds (V27). */
@Entity
@Table(name = "lifecycle_warning")
public class LifecycleWarning {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private WarningKind kind;

    @Column(nullable = false, updatable = false)
    private String subject;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Stage stage;

    @Column
    private String detail;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "first_seen", nullable = false, updatable = false)
    private Instant firstSeen;

    @Enumerated(EnumType.STRING)
    @Column(name = "mailed_stage")
    private Stage mailedStage;

    @Column(name = "last_mailed")
    private Instant lastMailed;

    @Column(name = "acknowledged_by")
    private String acknowledgedBy;

    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;

    @Version
    private long version;

    protected LifecycleWarning() {}

    public LifecycleWarning(long siteId, Finding finding, Instant now) {
        this.siteId = siteId;
        this.kind = finding.kind();
        this.subject = finding.subject();
        this.stage = finding.stage();
        this.detail = clip(finding.detail());
        this.expiresAt = finding.expiresAt();
        this.firstSeen = now;
    }

    /**
     * The condition as found now; true when it moved to a more urgent stage, which clears an acknowledgement (a new
     * threshold is news).
     */
    public boolean update(Finding finding) {
        boolean escalated = finding.stage().compareTo(stage) > 0;
        this.stage = finding.stage();
        this.detail = clip(finding.detail());
        this.expiresAt = finding.expiresAt();
        if (escalated) {
            this.acknowledgedBy = null;
            this.acknowledgedAt = null;
        }
        return escalated;
    }

    public boolean mailDue(Instant now) {
        return WarningRules.mailDue(stage, mailedStage, lastMailed, isAcknowledged(), now);
    }

    public void mailed(Instant now) {
        this.mailedStage = stage;
        this.lastMailed = now;
    }

    public void acknowledge(String actor, Instant now) {
        this.acknowledgedBy = actor;
        this.acknowledgedAt = now;
    }

    public boolean isAcknowledged() {
        return acknowledgedAt != null;
    }

    private static String clip(String value) {
        return value == null || value.length() <= 512 ? value : value.substring(0, 512);
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public WarningKind getKind() {
        return kind;
    }

    public String getSubject() {
        return subject;
    }

    public Stage getStage() {
        return stage;
    }

    public String getDetail() {
        return detail;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getFirstSeen() {
        return firstSeen;
    }

    public Stage getMailedStage() {
        return mailedStage;
    }

    public Instant getLastMailed() {
        return lastMailed;
    }

    public String getAcknowledgedBy() {
        return acknowledgedBy;
    }

    public Instant getAcknowledgedAt() {
        return acknowledgedAt;
    }
}
