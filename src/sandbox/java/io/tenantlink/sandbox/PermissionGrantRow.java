package io.tenantlink.sandbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A delegated permission grant (Graph's oauth2PermissionGrant): AllPrincipals or Principal. */
@Entity
@Table(name = "sandbox_permission_grant")
public class PermissionGrantRow {
    @Id
    public String id;

    @Column(name = "tenant_id")
    public String tenantId;
    /** The client's service principal id. */
    @Column(name = "client_id")
    public String clientId;

    @Column(name = "consent_type")
    public String consentType;

    @Column(name = "principal_id")
    public String principalId;

    @Column(name = "resource_id")
    public String resourceId;

    public String scope;

    @Column(name = "created_at")
    public Instant createdAt;
}
