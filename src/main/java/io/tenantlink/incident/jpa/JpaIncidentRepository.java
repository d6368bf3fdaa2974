package io.tenantlink.incident.jpa;

import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentCounter;
import io.tenantlink.incident.IncidentRepository;
import io.tenantlink.incident.IncidentStatus;
import io.tenantlink.incident.TimelineEntry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaIncidentRepository implements IncidentRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<Incident> find(long id) {
        return Optional.ofNullable(em.find(Incident.class, id));
    }

    @Override
    public Optional<Incident> findByNumber(long projectId, long number) {
        return em.createQuery(
                        "select i from Incident i where i.projectId = :project and i.number = :number", Incident.class)
                .setParameter("project", projectId)
                .setParameter("number", number)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<Incident> findByProject(long projectId, IncidentStatus status) {
        TypedQuery<Incident> query = em.createQuery(
                        "select i from Incident i where i.projectId = :project"
                                + (status == null ? "" : " and i.status = :status")
                                + " order by i.number desc",
                        Incident.class)
                .setParameter("project", projectId);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.getResultList();
    }

    @Override
    public List<Incident> findBySite(long siteId, IncidentStatus status, int limit) {
        TypedQuery<Incident> query = em.createQuery(
                        "select i from Incident i where i.siteId = :site"
                                + (status == null ? "" : " and i.status = :status")
                                + " order by i.id desc",
                        Incident.class)
                .setParameter("site", siteId)
                .setMaxResults(limit);
        if (status != null) {
            query.setParameter("status", status);
        }
        return query.getResultList();
    }

    @Override
    public long nextNumber(long projectId) {
        // The project row's lock first, always: concurrent creations in the project queue here, and the first one
        // creates the counter before the next one looks for it (looking first would take MariaDB gap locks that
        // deadlock with that insert). The counter's own lock keeps the rule when the counter is reached otherwise.
        em.createNativeQuery("SELECT id FROM service_project WHERE id = ? FOR UPDATE")
                .setParameter(1, projectId)
                .getResultList();
        IncidentCounter counter = em.find(IncidentCounter.class, projectId, LockModeType.PESSIMISTIC_WRITE);
        if (counter == null) {
            counter = new IncidentCounter(projectId);
            em.persist(counter);
        }
        long number = counter.take();
        em.flush();
        return number;
    }

    @Override
    public void add(Incident incident) {
        em.persist(incident);
        em.flush();
    }

    @Override
    public void addEntry(TimelineEntry entry) {
        em.persist(entry);
    }

    @Override
    public List<TimelineEntry> timeline(long incidentId) {
        return em.createQuery(
                        "select e from TimelineEntry e where e.incidentId = :incident order by e.id",
                        TimelineEntry.class)
                .setParameter("incident", incidentId)
                .getResultList();
    }

    @Override
    public long countReferencing(long personId) {
        Number count = (Number) em.createNativeQuery("SELECT COUNT(*) FROM incident i WHERE i.assignee_id = ? OR EXISTS"
                        + " (SELECT 1 FROM incident_person p WHERE p.incident_id = i.id AND p.person_id = ?)")
                .setParameter(1, personId)
                .setParameter(2, personId)
                .getSingleResult();
        return count.longValue();
    }
}
