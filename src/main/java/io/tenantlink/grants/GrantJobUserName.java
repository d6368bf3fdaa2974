package io.tenantlink.grants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/**
 * A job user's name as the tenant's directory gave it (V12__grant_job_user_names.sql); both null when the directory did
 * not know the id. Written once, apart from {@link GrantJobUser}, whose row the running job updates.
 */
@Entity
@Table(name = "grant_job_user_name")
@IdClass(GrantJobUser.Key.class)
public class GrantJobUserName {

    @Id
    @Column(name = "job_id")
    public Long jobId;

    @Id
    @Column(name = "user_id")
    public String userId;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "user_principal_name")
    public String userPrincipalName;
}
