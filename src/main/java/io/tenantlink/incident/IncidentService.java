package io.tenantlink.incident;

import io.tenantlink.incident.IncidentViews.FieldChange;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.IncidentViews.IncidentRow;
import io.tenantlink.incident.IncidentViews.PersonRef;
import io.tenantlink.incident.IncidentViews.TimelineItem;
import io.tenantlink.people.Person;
import io.tenantlink.people.PersonReferences;
import io.tenantlink.people.PersonRepository;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.project.ServiceProject;
import io.tenantlink.site.PlanGates;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Incidents of Incidents projects: create, change (status by {@link IncidentWorkflow}, the major flag by the site's
 * plan, {@link PlanGates}), notes and replies; every change goes on the incident's timeline. Callers have checked the
 * caller's permission on the project.
 */
@ApplicationScoped
@Transactional
public class IncidentService implements PersonReferences {

    public static final int MAX_NOTE = TimelineEntry.MAX_BODY;

    @Inject
    IncidentRepository incidents;

    @Inject
    PersonRepository people;

    @Inject
    SiteRepository sites;

    @Inject
    Event<IncidentChanged> changed;

    @Inject
    Event<TimelineRecorded> recorded;

    public IncidentDetail create(String actor, ServiceProject project, IncidentChange request) {
        if (!project.handlesIncidents()) {
            throw new InvalidInputException("incident.error.notIncidents");
        }
        Site site = sites.find(project.getSiteId()).orElseThrow();
        IncidentChange checked = check(site, request, null);
        if (checked.status() != IncidentStatus.OPEN) {
            throw new InvalidInputException("incident.error.newStatus");
        }
        long number = incidents.nextNumber(project.getId());
        Incident incident =
                new Incident(site.getId(), project.getId(), new IncidentKey(project.getKey(), number), actor);
        incident.apply(checked);
        incidents.add(incident);
        return entry(incident, actor, TimelineEntryType.CREATED, null, List.of());
    }

    /** Changes what differs; a change that changes nothing writes nothing. */
    public IncidentDetail change(String actor, long incidentId, IncidentChange request) {
        Incident incident = incidents.find(incidentId).orElseThrow();
        if (IncidentWorkflow.isFinal(incident.getStatus())) {
            throw new InvalidInputException("incident.error.closed");
        }
        Site site = sites.find(incident.getSiteId()).orElseThrow();
        IncidentChange checked = check(site, request, incident);
        IncidentChange before = incident.current();
        Map<Long, String> names = names(before, checked);
        ChangeLog log = new ChangeLog().field("summary", before.summary(), checked.summary());
        if (!before.description().equals(checked.description())) {
            log.changed("description");
        }
        log.field("priority", before.priority(), checked.priority())
                .field("status", before.status(), checked.status())
                .field("assignee", name(names, before.assigneeId()), name(names, checked.assigneeId()))
                .field("responders", list(names, before.responderIds()), list(names, checked.responderIds()))
                .field("stakeholders", list(names, before.stakeholderIds()), list(names, checked.stakeholderIds()))
                .field("major", before.major(), checked.major());
        if (log.isEmpty()) {
            return detail(incident);
        }
        incident.apply(checked);
        IncidentDetail after = entry(incident, actor, TimelineEntryType.CHANGED, log.encode(), log.changes());
        changed.fire(new IncidentChanged(incident.getSiteId(), incident.getProjectId(), incident.getId(), actor));
        return after;
    }

    public void addNote(String actor, long incidentId, TimelineEntryType type, String text) {
        Incident incident = incidents.find(incidentId).orElseThrow();
        if (type != TimelineEntryType.NOTE && type != TimelineEntryType.REPLY) {
            throw new InvalidInputException("incident.error.noteType");
        }
        if (IncidentWorkflow.isFinal(incident.getStatus())) {
            throw new InvalidInputException("incident.error.closed");
        }
        String body = text == null ? "" : text.strip();
        if (body.isEmpty() || body.length() > MAX_NOTE) {
            throw new InvalidInputException("incident.error.note", MAX_NOTE);
        }
        incident.touch();
        entry(incident, actor, type, body, List.of());
    }

    /** An entry another feature writes on the incident's timeline (a Teams chat created, a meeting started). */
    public void record(String actor, long incidentId, TimelineEntryType type, String body) {
        if (type == TimelineEntryType.CREATED || type == TimelineEntryType.CHANGED) {
            throw new IllegalArgumentException("the incident writes " + type + " entries itself");
        }
        Incident incident = incidents.find(incidentId).orElseThrow();
        String text = body == null ? null : body.strip();
        if (text != null && text.length() > MAX_NOTE) {
            text = text.substring(0, MAX_NOTE);
        }
        incident.touch();
        entry(incident, actor, type, text, List.of());
    }

    /** Writes the timeline entry and tells observers, in this transaction; returns the incident as it is now. */
    private IncidentDetail entry(
            Incident incident, String actor, TimelineEntryType type, String body, List<FieldChange> changes) {
        incidents.addEntry(new TimelineEntry(incident.getId(), actor, type.name(), body));
        IncidentDetail now = detail(incident);
        recorded.fire(new TimelineRecorded(
                incident.getSiteId(),
                now,
                actor,
                type,
                type == TimelineEntryType.CHANGED ? null : body,
                changes,
                Clock.now()));
        return now;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentRow> list(long projectId, IncidentStatus status) {
        List<Incident> found = incidents.findByProject(projectId, status);
        return rows(found);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<IncidentRow> listOnSite(long siteId, IncidentStatus status, int limit) {
        return rows(incidents.findBySite(siteId, status, limit));
    }

    private List<IncidentRow> rows(List<Incident> found) {
        Map<Long, Person> assignees = people(found.stream()
                .map(Incident::getAssigneeId)
                .filter(Objects::nonNull)
                .toList());
        return found.stream()
                .map(i -> new IncidentRow(
                        i.getNumber(),
                        i.getKey(),
                        i.getSummary(),
                        i.getPriority().name(),
                        i.getStatus().name(),
                        i.getAssigneeId() == null || !assignees.containsKey(i.getAssigneeId())
                                ? null
                                : assignees.get(i.getAssigneeId()).getName(),
                        i.isMajor(),
                        i.getUpdatedAt()))
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Incident> incidentsOf(long projectId, IncidentStatus status) {
        return incidents.findByProject(projectId, status);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Incident> incidentsOnSite(long siteId, IncidentStatus status, int limit) {
        return incidents.findBySite(siteId, status, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<Incident> find(long projectId, long number) {
        return incidents.findByNumber(projectId, number);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<Incident> findById(long id) {
        return incidents.find(id);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public IncidentDetail detail(Incident incident) {
        List<Long> ids = new ArrayList<>();
        if (incident.getAssigneeId() != null) {
            ids.add(incident.getAssigneeId());
        }
        ids.addAll(incident.responderIds());
        ids.addAll(incident.stakeholderIds());
        Map<Long, Person> found = people(ids);
        Function<Long, PersonRef> ref = id -> {
            Person p = found.get(id);
            return p == null ? null : new PersonRef(p.getId(), p.getName(), p.getEmail());
        };
        return new IncidentDetail(
                incident.getId(),
                incident.getProjectId(),
                incident.getNumber(),
                incident.getKey(),
                incident.getSummary(),
                incident.getDescription(),
                incident.getPriority().name(),
                incident.getStatus().name(),
                incident.getAssigneeId() == null ? null : ref.apply(incident.getAssigneeId()),
                incident.responderIds().stream()
                        .map(ref)
                        .filter(Objects::nonNull)
                        .toList(),
                incident.stakeholderIds().stream()
                        .map(ref)
                        .filter(Objects::nonNull)
                        .toList(),
                incident.isMajor(),
                incident.getCreatedAt(),
                incident.getCreatedBy(),
                incident.getUpdatedAt(),
                IncidentWorkflow.choices(incident.getStatus()).stream()
                        .map(Enum::name)
                        .toList());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TimelineItem> timeline(long incidentId) {
        return incidents.timeline(incidentId).stream()
                .map(e -> new TimelineItem(
                        e.getId(),
                        e.getOccurredAt(),
                        e.getActor(),
                        e.getType(),
                        TimelineEntryType.CHANGED.name().equals(e.getType()) ? null : e.getBody(),
                        TimelineEntryType.CHANGED.name().equals(e.getType())
                                ? ChangeLog.decode(e.getBody())
                                : List.of()))
                .toList();
    }

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(long personId) {
        return incidents.countReferencing(personId);
    }

    /** The request with text trimmed, people checked to be of the site, the status rule and the plan's gate applied. */
    private IncidentChange check(Site site, IncidentChange request, Incident current) {
        String summary = Incident.validSummary(request.summary());
        String description = Incident.validDescription(request.description());
        if (request.priority() == null) {
            throw new InvalidInputException("incident.error.priority");
        }
        IncidentStatus status = request.status() == null ? IncidentStatus.OPEN : request.status();
        if (current != null) {
            IncidentWorkflow.check(current.getStatus(), status);
        }
        boolean wasMajor = current != null && current.isMajor();
        if (request.major() != wasMajor && !PlanGates.majorIncidents(site.getPlan())) {
            throw new InvalidInputException("incident.error.majorGate");
        }
        List<Long> responders = List.copyOf(new LinkedHashSet<>(request.responderIds()));
        List<Long> stakeholders = List.copyOf(new LinkedHashSet<>(request.stakeholderIds()));
        List<Long> named = new ArrayList<>(responders);
        named.addAll(stakeholders);
        if (request.assigneeId() != null) {
            named.add(request.assigneeId());
        }
        for (Long id : named) {
            if (id == null || people.findOnSite(site.getId(), id).isEmpty()) {
                throw new InvalidInputException("incident.error.person");
            }
        }
        return new IncidentChange(
                summary,
                description,
                request.priority(),
                status,
                request.assigneeId(),
                responders,
                stakeholders,
                request.major());
    }

    private Map<Long, Person> people(List<Long> ids) {
        return new LinkedHashSet<>(ids)
                .stream()
                        .map(people::find)
                        .flatMap(java.util.Optional::stream)
                        .collect(Collectors.toMap(Person::getId, p -> p));
    }

    private Map<Long, String> names(IncidentChange before, IncidentChange after) {
        List<Long> ids = new ArrayList<>();
        for (IncidentChange c : List.of(before, after)) {
            if (c.assigneeId() != null) {
                ids.add(c.assigneeId());
            }
            ids.addAll(c.responderIds());
            ids.addAll(c.stakeholderIds());
        }
        return people(ids).values().stream().collect(Collectors.toMap(Person::getId, Person::getName));
    }

    private static String name(Map<Long, String> names, Long id) {
        return id == null ? "" : names.getOrDefault(id, "#" + id);
    }

    private static String list(Map<Long, String> names, List<Long> ids) {
        return ids.stream().sorted().map(id -> name(names, id)).collect(Collectors.joining(", "));
    }
}
