package io.tenantlink.sandbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An app role assignment: an application permission granted to a client, or a user assigned to an app. */
@Entity
@Table(name = "sandbox_app_role_assignment")
public class AppRoleAssignmentRow {
    @Id
    public String id;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "resource_id")
    public String resourceId;

    @Column(name = "principal_id")
    public String principalId;

    @Column(name = "principal_type")
    public String principalType;

    @Column(name = "app_role_id")
    public String appRoleId;

    @Column(name = "created_at")
    public Instant createdAt;
}
