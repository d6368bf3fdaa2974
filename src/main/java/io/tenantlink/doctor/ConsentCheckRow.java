package io.tenantlink.doctor;

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

/** The last consent check of one feature for one connection (table consent_check). Written by {@link ConsentCheckStore}. */
@Entity
@Table(name = "consent_check")
public class ConsentCheckRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "connection_id", nullable = false)
    private long connectionId;

    @Column(name = "feature_key", nullable = false)
    private String featureKey;

    @Column(name = "client_id")
    private String clientId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CheckStatus outcome;

    @Column(name = "delegated_matching", nullable = false)
    private String delegatedMatching;

    @Column(name = "delegated_missing", nullable = false)
    private String delegatedMissing;

    @Column(name = "delegated_extra", nullable = false)
    private String delegatedExtra;

    @Column(name = "application_matching", nullable = false)
    private String applicationMatching;

    @Column(name = "application_missing", nullable = false)
    private String applicationMissing;

    @Column(name = "application_extra", nullable = false)
    private String applicationExtra;

    @Column(name = "checked_at", nullable = false)
    private Instant checkedAt;

    @Column(name = "checked_by", nullable = false)
    private String checkedBy;

    /** Two checks of the same connection at once (two instances): the second to commit fails and records nothing. */
    @Version
    private long version;

    protected ConsentCheckRow() {}

    public ConsentCheckRow(long connectionId, FeatureCheck check, Instant checkedAt, String checkedBy) {
        this.connectionId = connectionId;
        this.featureKey = check.featureKey();
        update(check, checkedAt, checkedBy);
    }

    /** This check replaces the previous one. */
    public void update(FeatureCheck check, Instant checkedAt, String checkedBy) {
        this.clientId = check.clientId();
        this.outcome = check.status();
        this.delegatedMatching = clip(ScopeDiff.join(check.delegated().matching()));
        this.delegatedMissing = clip(ScopeDiff.join(check.delegated().missing()));
        this.delegatedExtra = clip(ScopeDiff.join(check.delegated().extra()));
        this.applicationMatching = clip(ScopeDiff.join(check.application().matching()));
        this.applicationMissing = clip(ScopeDiff.join(check.application().missing()));
        this.applicationExtra = clip(ScopeDiff.join(check.application().extra()));
        this.checkedAt = checkedAt;
        this.checkedBy = checkedBy.length() > 200 ? checkedBy.substring(0, 200) : checkedBy;
    }

    public FeatureCheck toCheck() {
        return new FeatureCheck(
                featureKey,
                clientId,
                outcome,
                new ScopeDiff(
                        ScopeDiff.split(delegatedMatching),
                        ScopeDiff.split(delegatedMissing),
                        ScopeDiff.split(delegatedExtra)),
                new ScopeDiff(
                        ScopeDiff.split(applicationMatching),
                        ScopeDiff.split(applicationMissing),
                        ScopeDiff.split(applicationExtra)));
    }

    private static String clip(String value) {
        return value.length() <= 2000 ? value : value.substring(0, value.lastIndexOf(' ', 2000));
    }

    public Long getId() {
        return id;
    }

    public long getConnectionId() {
        return connectionId;
    }

    /** The application permissions the feature's app lacks in the tenant at this check (none: empty). */
    public java.util.List<String> applicationMissingList() {
        return applicationMissing == null || applicationMissing.isBlank()
                ? java.util.List.of()
                : java.util.Arrays.stream(applicationMissing.split("[ ,]+"))
                        .filter(x -> !x.isBlank())
                        .toList();
    }

    public String getFeatureKey() {
        return featureKey;
    }

    public Instant getCheckedAt() {
        return checkedAt;
    }

    public String getCheckedBy() {
        return checkedBy;
    }
}
