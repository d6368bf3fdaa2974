package io.tenantlink.grants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One limited-user approval job (V6__grant_jobs.sql). The admin's token is never part of it. */
@Entity
@Table(name = "grant_job")
public class GrantJob {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "site_id", nullable = false)
    public Long siteId;

    @Column(name = "tenant_id", nullable = false)
    public String tenantId;

    @Column(name = "feature_key", nullable = false)
    public String featureKey;

    @Column(name = "client_app_id", nullable = false)
    public String clientAppId;

    /** Space-separated, as granted. */
    @Column(nullable = false)
    public String scopes;

    /** A security group whose members (transitively) are the users: resolved with the job's token when it starts. */
    @Column(name = "group_id")
    public String groupId;

    @Column(name = "requested_by", nullable = false)
    public String requestedBy;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public GrantJobStatus status;

    @Column(name = "status_detail")
    public String statusDetail;

    @Column(name = "cancel_requested", nullable = false)
    public boolean cancelRequested;

    @Column(name = "total_count", nullable = false)
    public int total;

    @Column(name = "created_count", nullable = false)
    public int created;

    @Column(name = "updated_count", nullable = false)
    public int updated;

    @Column(name = "skipped_count", nullable = false)
    public int skipped;

    @Column(name = "failed_count", nullable = false)
    public int failed;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    /**
     * Not a JPA @Version: the job's counts (written by its run, one batch at a time) and its cancel flag (written by
     * the admin) are different columns, and EclipseLink updates only the columns that changed.
     */
    @Column(nullable = false)
    public long version;

    public int done() {
        return created + updated + skipped + failed;
    }

    public int remaining() {
        return Math.max(0, total - done());
    }

    void count(GrantOutcome outcome, int delta) {
        switch (outcome) {
            case CREATED -> created += delta;
            case UPDATED -> updated += delta;
            case SKIPPED -> skipped += delta;
            case FAILED -> failed += delta;
            case PENDING -> {}
        }
    }
}
