package io.tenantlink.incident;

import java.util.List;
import java.util.Optional;

public interface IncidentRepository {

    Optional<Incident> find(long id);

    Optional<Incident> findByNumber(long projectId, long number);

    /** The project's incidents, newest first; {@code status} null: all. */
    List<Incident> findByProject(long projectId, IncidentStatus status);

    /** Incidents of the site, newest first, at most {@code limit}; {@code status} null: all. */
    List<Incident> findBySite(long siteId, IncidentStatus status, int limit);

    /**
     * The next number of the project's incidents, in the caller's transaction: the project's counter row is locked
     * (PESSIMISTIC_WRITE) until it commits, so concurrent creations never share a number.
     */
    long nextNumber(long projectId);

    void add(Incident incident);

    void addEntry(TimelineEntry entry);

    List<TimelineEntry> timeline(long incidentId);

    /** Incidents that name the person as assignee, responder or stakeholder. */
    long countReferencing(long personId);
}
