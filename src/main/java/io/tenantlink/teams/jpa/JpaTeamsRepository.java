package io.tenantlink.teams.jpa;

import io.tenantlink.teams.IncidentChat;
import io.tenantlink.teams.TeamsIdentity;
import io.tenantlink.teams.TeamsRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Optional;

@ApplicationScoped
public class JpaTeamsRepository implements TeamsRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<TeamsIdentity> identity(long accountId, long connectionId) {
        return em.createQuery(
                        "select i from TeamsIdentity i where i.accountId = :account and i.connectionId = :connection",
                        TeamsIdentity.class)
                .setParameter("account", accountId)
                .setParameter("connection", connectionId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<TeamsIdentity> identity(long id) {
        return Optional.ofNullable(em.find(TeamsIdentity.class, id));
    }

    @Override
    public void add(TeamsIdentity identity) {
        em.persist(identity);
        em.flush();
    }

    @Override
    public Optional<IncidentChat> chatOf(long incidentId) {
        return em.createQuery("select c from IncidentChat c where c.incidentId = :incident", IncidentChat.class)
                .setParameter("incident", incidentId)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<IncidentChat> chat(long id) {
        return Optional.ofNullable(em.find(IncidentChat.class, id));
    }

    @Override
    public void add(IncidentChat chat) {
        em.persist(chat);
        em.flush();
    }

    @Override
    public void remove(IncidentChat chat) {
        em.remove(em.contains(chat) ? chat : em.merge(chat));
        em.flush();
    }
}
