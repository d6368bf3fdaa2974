package io.tenantlink.access;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A role held by an account; the stored form of a {@link RoleGrant}. */
@Entity
@Table(name = "role_assignment")
public class RoleAssignment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false, updatable = false)
    private long accountId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private Role role;

    @Column(name = "site_id", updatable = false)
    private Long siteId;

    @Column(name = "project_id", updatable = false)
    private Long projectId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false)
    private String createdBy;

    protected RoleAssignment() {}

    public RoleAssignment(long accountId, RoleGrant grant, String createdBy) {
        this.accountId = accountId;
        this.role = grant.role();
        this.siteId = grant.siteId();
        this.projectId = grant.projectId();
        this.createdBy = createdBy;
        this.createdAt = Clock.now();
    }

    public RoleGrant grant() {
        return new RoleGrant(role, siteId, projectId);
    }

    public Long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public Role getRole() {
        return role;
    }

    public Long getSiteId() {
        return siteId;
    }

    public Long getProjectId() {
        return projectId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }
}
