package io.tenantlink.preference;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * A service project's saved communication preference: Microsoft Teams switched on or off, and the
 * site's tenant connection it uses. No row means the project never saved one and follows the
 * site's default (see {@link TeamsDecision}). Switched on always names a connection.
 */
@Entity
@Table(name = "project_teams_preference")
public class ProjectTeamsPreference {

    /** The width of updated_by; longer actors are clipped (the audit record keeps the whole name). */
    static final int MAX_UPDATED_BY = 64;

    @Id
    @Column(name = "project_id", nullable = false, updatable = false)
    private Long projectId;

    @Column(name = "teams_enabled", nullable = false)
    private boolean teamsEnabled;

    @Column(name = "connection_id")
    private Long connectionId;

    @Column(name = "updated_by", nullable = false)
    private String updatedBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected ProjectTeamsPreference() {}

    public ProjectTeamsPreference(
            long projectId, boolean teamsEnabled, Long connectionId, String updatedBy, Instant now) {
        this.projectId = projectId;
        apply(teamsEnabled, connectionId, updatedBy, now);
    }

    /**
     * Sets the switch and the connection together. Returns false, leaving the record (and who
     * changed it last) untouched, when both are already so; throws, changing nothing, when the
     * switch would be on without a connection.
     */
    public boolean change(boolean enabled, Long newConnectionId, String by, Instant now) {
        check(enabled, newConnectionId, by, now);
        if (teamsEnabled == enabled && Objects.equals(connectionId, newConnectionId)) {
            return false;
        }
        apply(enabled, newConnectionId, by, now);
        return true;
    }

    private void apply(boolean enabled, Long newConnectionId, String by, Instant now) {
        check(enabled, newConnectionId, by, now);
        this.teamsEnabled = enabled;
        this.connectionId = newConnectionId;
        this.updatedBy = by.length() <= MAX_UPDATED_BY ? by : by.substring(0, MAX_UPDATED_BY);
        this.updatedAt = now;
    }

    private static void check(boolean enabled, Long newConnectionId, String by, Instant now) {
        if (enabled && newConnectionId == null) {
            throw new IllegalArgumentException("Microsoft Teams can only be switched on with a tenant connection");
        }
        if (by == null || by.isBlank()) {
            throw new IllegalArgumentException("who changed the preference is required");
        }
        Objects.requireNonNull(now, "now");
    }

    public long getProjectId() {
        return projectId;
    }

    public boolean isTeamsEnabled() {
        return teamsEnabled;
    }

    public Long getConnectionId() {
        return connectionId;
    }

    public String getUpdatedBy() {
        return updatedBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
