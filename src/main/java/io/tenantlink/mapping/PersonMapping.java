package io.tenantlink.mapping;

import io.tenantlink.mapping.PersonMappings.MappedUser;
import io.tenantlink.mapping.PersonMappings.MappingOutcome;
import io.tenantlink.platform.Clock;
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
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A person's mapping in one connected tenant: the last outcome of the rules, and a site admin's override (or the
 * person's own link, made by signing in) if any.
 */
@Entity
@Table(name = "person_mapping")
public class PersonMapping {

    public enum Source {
        AUTOMATIC,
        OVERRIDE,
        /** The person signed in with Microsoft through a self-link invitation; kept like a site admin's choice. */
        SELF_LINK
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "connection_id", nullable = false, updatable = false)
    private long connectionId;

    @Column(name = "person_id", nullable = false, updatable = false)
    private long personId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Source source;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private MappingKind outcome;

    @Column(name = "reason_key", nullable = false)
    private String reasonKey;

    @Column(name = "object_id")
    private String objectId;

    @Column(name = "display_name")
    private String displayName;

    private String mail;

    private String candidates;

    @Column(name = "override_object_id")
    private String overrideObjectId;

    @Column(name = "override_by")
    private String overrideBy;

    @Column(name = "override_at")
    private Instant overrideAt;

    @Column(name = "computed_at", nullable = false)
    private Instant computedAt;

    @Version
    private long version;

    public static final String REASON_SELF_LINKED = "mapping.reason.selfLinked";
    public static final String REASON_SELF_LINK_REMOVED = "mapping.reason.selfLinkRemoved";
    public static final String REASON_SELF_LINK_DISABLED = "mapping.reason.selfLinkDisabled";

    protected PersonMapping() {}

    public PersonMapping(long connectionId, long personId) {
        this.connectionId = connectionId;
        this.personId = personId;
        this.source = Source.AUTOMATIC;
    }

    public void apply(MappingOutcome result) {
        MappingRow row = MappingRow.of(result, source);
        this.outcome = row.outcome();
        this.reasonKey = row.reasonKey();
        this.objectId = row.objectId();
        this.displayName = row.displayName();
        this.mail = row.mail();
        this.candidates = row.candidates();
        this.computedAt = Clock.now();
    }

    public void override(String objectId, String by) {
        this.source = Source.OVERRIDE;
        this.overrideObjectId = objectId;
        this.overrideBy = by;
        this.overrideAt = Clock.now();
    }

    /** The person proved by signing in with Microsoft that they are this user (through a self-link invitation). */
    public void selfLink(String objectId, String by) {
        override(objectId, by);
        this.source = Source.SELF_LINK;
    }

    public void clearOverride() {
        this.source = Source.AUTOMATIC;
        this.overrideObjectId = null;
        this.overrideBy = null;
        this.overrideAt = null;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public long getPersonId() {
        return personId;
    }

    public Source getSource() {
        return source;
    }

    public MappingKind getOutcome() {
        return outcome;
    }

    public String getReasonKey() {
        return reasonKey;
    }

    public String getOverrideObjectId() {
        return overrideObjectId;
    }

    public String getOverrideBy() {
        return overrideBy;
    }

    public List<String> candidateIds() {
        return candidates == null ? List.of() : Arrays.asList(candidates.split(","));
    }

    public Optional<MappedUser> user() {
        return objectId == null ? Optional.empty() : Optional.of(new MappedUser(objectId, displayName, mail));
    }
}
