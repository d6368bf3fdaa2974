package io.tenantlink.access.jpa;

import io.tenantlink.access.RoleAssignment;
import io.tenantlink.access.RoleGrant;
import io.tenantlink.access.RoleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaRoleRepository implements RoleRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public List<RoleAssignment> findByAccount(long accountId) {
        return em.createQuery(
                        "select r from RoleAssignment r where r.accountId = :a order by r.id", RoleAssignment.class)
                .setParameter("a", accountId)
                .getResultList();
    }

    @Override
    public List<RoleAssignment> findBySite(long siteId) {
        return em.createQuery(
                        "select r from RoleAssignment r where r.siteId = :s order by r.role, r.id",
                        RoleAssignment.class)
                .setParameter("s", siteId)
                .getResultList();
    }

    @Override
    public Optional<RoleAssignment> find(long id) {
        return Optional.ofNullable(em.find(RoleAssignment.class, id));
    }

    @Override
    public boolean exists(long accountId, RoleGrant grant) {
        return findByAccount(accountId).stream().anyMatch(r -> r.grant().equals(grant));
    }

    @Override
    public void add(RoleAssignment assignment) {
        em.persist(assignment);
        em.flush();
    }

    @Override
    public void remove(RoleAssignment assignment) {
        em.remove(em.contains(assignment) ? assignment : em.merge(assignment));
    }
}
