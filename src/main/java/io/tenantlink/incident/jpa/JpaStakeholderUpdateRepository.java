package io.tenantlink.incident.jpa;

import io.tenantlink.incident.StakeholderUpdate;
import io.tenantlink.incident.StakeholderUpdateRepository;
import io.tenantlink.incident.TimelineEntry;
import io.tenantlink.incident.UpdateRecipient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaStakeholderUpdateRepository implements StakeholderUpdateRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public long addEntry(TimelineEntry entry) {
        em.persist(entry);
        em.flush();
        return entry.getId();
    }

    @Override
    public void add(StakeholderUpdate update) {
        em.persist(update);
        em.flush();
    }

    @Override
    public void addRecipient(UpdateRecipient recipient) {
        em.persist(recipient);
    }

    @Override
    public Optional<StakeholderUpdate> find(long id) {
        return Optional.ofNullable(em.find(StakeholderUpdate.class, id));
    }

    @Override
    public List<StakeholderUpdate> findByIncident(long incidentId) {
        return em.createQuery(
                        "select u from StakeholderUpdate u where u.incidentId = :incident order by u.id",
                        StakeholderUpdate.class)
                .setParameter("incident", incidentId)
                .getResultList();
    }

    @Override
    public List<UpdateRecipient> recipients(List<Long> updateIds) {
        if (updateIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery(
                        "select r from UpdateRecipient r where r.updateId in :updates order by r.id",
                        UpdateRecipient.class)
                .setParameter("updates", updateIds)
                .getResultList();
    }

    @Override
    public Optional<UpdateRecipient> findRecipient(long id) {
        return Optional.ofNullable(em.find(UpdateRecipient.class, id));
    }
}
