package io.tenantlink.incident;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** An incident of a service project with the Incidents work category. Its timeline lives in {@link TimelineEntry}. */
@Entity
@Table(name = "incident")
public class Incident {

    public static final int MAX_SUMMARY = 255;
    public static final int MAX_DESCRIPTION = 4000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false, updatable = false)
    private long siteId;

    @Column(name = "project_id", nullable = false, updatable = false)
    private long projectId;

    @Column(name = "incident_number", nullable = false, updatable = false)
    private long number;

    @Column(name = "incident_key", nullable = false, updatable = false)
    private String key;

    @Column(nullable = false)
    private String summary;

    @Column(nullable = false)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Priority priority;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IncidentStatus status;

    @Column(name = "assignee_id")
    private Long assigneeId;

    @Column(nullable = false)
    private boolean major;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "incident_person", joinColumns = @JoinColumn(name = "incident_id"))
    private Set<Participant> participants = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false)
    private String createdBy;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Incident() {}

    public Incident(long siteId, long projectId, IncidentKey key, String createdBy) {
        this.siteId = siteId;
        this.projectId = projectId;
        this.number = key.number();
        this.key = key.toString();
        this.createdBy = createdBy;
        this.createdAt = Clock.now();
        this.updatedAt = createdAt;
        this.status = IncidentStatus.OPEN;
        this.priority = Priority.P3;
        this.description = "";
    }

    public static String validSummary(String value) {
        String summary = value == null ? "" : value.strip();
        if (summary.isEmpty() || summary.length() > MAX_SUMMARY) {
            throw new InvalidInputException("incident.error.summary", MAX_SUMMARY);
        }
        return summary;
    }

    public static String validDescription(String value) {
        String description = value == null ? "" : value.strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidInputException("incident.error.description", MAX_DESCRIPTION);
        }
        return description;
    }

    /** Applies checked values; {@link IncidentService} has validated them and worked out what changed. */
    void apply(IncidentChange change) {
        this.summary = change.summary();
        this.description = change.description();
        this.priority = change.priority();
        this.status = change.status();
        this.assigneeId = change.assigneeId();
        this.major = change.major();
        Set<Participant> next = new HashSet<>();
        change.responderIds().forEach(id -> next.add(new Participant(id, Participant.Part.RESPONDER)));
        change.stakeholderIds().forEach(id -> next.add(new Participant(id, Participant.Part.STAKEHOLDER)));
        this.participants = next;
        this.updatedAt = Clock.now();
    }

    void touch() {
        this.updatedAt = Clock.now();
    }

    public Long getId() {
        return id;
    }

    public long getSiteId() {
        return siteId;
    }

    public long getProjectId() {
        return projectId;
    }

    public long getNumber() {
        return number;
    }

    public String getKey() {
        return key;
    }

    public String getSummary() {
        return summary;
    }

    public String getDescription() {
        return description;
    }

    public Priority getPriority() {
        return priority;
    }

    public IncidentStatus getStatus() {
        return status;
    }

    public Long getAssigneeId() {
        return assigneeId;
    }

    public boolean isMajor() {
        return major;
    }

    public List<Long> responderIds() {
        return ids(Participant.Part.RESPONDER);
    }

    public List<Long> stakeholderIds() {
        return ids(Participant.Part.STAKEHOLDER);
    }

    private List<Long> ids(Participant.Part part) {
        Set<Long> ids = new TreeSet<>();
        for (Participant p : participants) {
            if (p.getPart() == part) {
                ids.add(p.getPersonId());
            }
        }
        return List.copyOf(ids);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    /** The current values as a change request, the starting point for an edit. */
    public IncidentChange current() {
        return new IncidentChange(
                summary, description, priority, status, assigneeId, responderIds(), stakeholderIds(), major);
    }
}
