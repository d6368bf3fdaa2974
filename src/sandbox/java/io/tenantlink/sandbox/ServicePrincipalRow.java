package io.tenantlink.sandbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An app's service principal in a sandbox tenant (what Entra creates on consent). */
@Entity
@Table(name = "sandbox_service_principal")
public class ServicePrincipalRow {
    @Id
    public String id;

    @Column(name = "tenant_id")
    public String tenantId;

    @Column(name = "app_id")
    public String appId;

    @Column(name = "display_name")
    public String displayName;

    public String tags;

    @Column(name = "created_at")
    public Instant createdAt;
}
