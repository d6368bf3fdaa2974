package io.tenantlink.lifecycle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Where the last lifecycle check found one app's credential dates (V32): read from Microsoft Graph in the publisher
 * tenant, or from the settings because Graph could not be read, and why. One row per app ("chatops", "management"),
 * made by the migration, written by each check while a publisher tenant is configured.
 */
@Entity
@Table(name = "lifecycle_credential_source")
public class CredentialSource {

    @Id
    @Column(nullable = false, updatable = false)
    private String app;

    /** Null until a check read it. */
    @Enumerated(EnumType.STRING)
    @Column
    private RegistrationRead.Outcome outcome;

    @Column
    private String detail;

    @Column
    private Integer secrets;

    @Column
    private Integer certificates;

    @Column(name = "checked_at")
    private Instant checkedAt;

    protected CredentialSource() {}

    /** A row not checked yet (the migration makes the real ones). */
    CredentialSource(String app) {
        this.app = app;
    }

    /** What this check learned. */
    public void record(RegistrationRead read, Instant now) {
        this.outcome = read.outcome();
        this.detail = read.detail() == null || read.detail().length() <= 200
                ? read.detail()
                : read.detail().substring(0, 200);
        this.secrets = (int) read.expiries().stream()
                .filter(e -> e.subject().contains("-secret/"))
                .count();
        this.certificates = read.expiries().size() - secrets;
        this.checkedAt = now;
    }

    public String getApp() {
        return app;
    }

    public RegistrationRead.Outcome getOutcome() {
        return outcome;
    }

    public String getDetail() {
        return detail;
    }

    public Integer getSecrets() {
        return secrets;
    }

    public Integer getCertificates() {
        return certificates;
    }

    public Instant getCheckedAt() {
        return checkedAt;
    }
}
