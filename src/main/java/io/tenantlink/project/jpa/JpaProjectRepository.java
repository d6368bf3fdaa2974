package io.tenantlink.project.jpa;

import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaProjectRepository implements ProjectRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<ServiceProject> find(long id) {
        return Optional.ofNullable(em.find(ServiceProject.class, id));
    }

    @Override
    public List<ServiceProject> findBySite(long siteId) {
        return em.createQuery(
                        "select p from ServiceProject p where p.siteId = :site order by p.name", ServiceProject.class)
                .setParameter("site", siteId)
                .getResultList();
    }

    @Override
    public boolean keyTaken(long siteId, String key) {
        return em.createQuery(
                                "select count(p) from ServiceProject p where p.siteId = :site and p.key = :key",
                                Long.class)
                        .setParameter("site", siteId)
                        .setParameter("key", key)
                        .getSingleResult()
                > 0;
    }

    @Override
    public void add(ServiceProject project) {
        em.persist(project);
        em.flush();
    }
}
