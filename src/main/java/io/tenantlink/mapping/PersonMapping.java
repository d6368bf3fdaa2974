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
        this.outcome = result.kind();
        this.reasonKey = result.reasonKey();
        if (source == Source.SELF_LINK && result.kind() == MappingKind.OVERRIDE) {
            // The rules see a chosen user; who chose it (the person, by signing in) decides what people read.
            if (result.user().isPresent()) {
                this.outcome = MappingKind.SELF_LINKED;
                this.reasonKey = REASON_SELF_LINKED;
            } else {
                this.reasonKey = MatchRules.REASON_OVERRIDE_DISABLED.equals(result.reasonKey())
                        ? REASON_SELF_LINK_DISABLED
                        : REASON_SELF_LINK_REMOVED;
            }
        }
        MappedUser user = result.user().orElse(null);
        this.objectId = user == null ? null : user.objectId();
        this.displayName = user == null ? null : clip(user.displayName(), 256);
        this.mail = user == null ? null : clip(user.mail(), 320);
        String ids = String.join(
                ",", result.candidates().stream().map(MappedUser::objectId).toList());
        this.candidates = ids.isEmpty() ? null : clip(ids, 2000);
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

    /** The columns of a new mapping for a multi-row insert (a sync adds thousands at a time); see MappingRepository#addAll. */
    public Object[] newRow() {
        return new Object[] {
            connectionId,
            personId,
            source.name(),
            outcome.name(),
            reasonKey,
            objectId,
            displayName,
            mail,
            candidates,
            overrideObjectId,
            overrideBy,
            overrideAt == null ? null : java.sql.Timestamp.from(overrideAt),
            java.sql.Timestamp.from(computedAt),
            1L
        };
    }

    /** The column names {@link #newRow()} fills, in its order. */
    public static final String NEW_ROW_COLUMNS = "connection_id, person_id, source, outcome, reason_key, object_id,"
            + " display_name, mail, candidates, override_object_id, override_by, override_at, computed_at, version";

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
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
