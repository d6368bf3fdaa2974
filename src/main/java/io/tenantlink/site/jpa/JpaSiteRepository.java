package io.tenantlink.site.jpa;

import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaSiteRepository implements SiteRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<Site> find(long id) {
        return Optional.ofNullable(em.find(Site.class, id));
    }

    @Override
    public boolean nameTaken(String name, Long exceptId) {
        return em.createQuery(
                                "select count(s) from Site s where lower(s.name) = lower(:name) and (:except is null or s.id <> :except)",
                                Long.class)
                        .setParameter("name", name.strip())
                        .setParameter("except", exceptId)
                        .getSingleResult()
                > 0;
    }

    @Override
    public List<Site> findAll() {
        return em.createQuery("select s from Site s order by s.name", Site.class)
                .getResultList();
    }

    @Override
    public List<Site> findByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select s from Site s where s.id in :ids order by s.name", Site.class)
                .setParameter("ids", ids)
                .getResultList();
    }

    @Override
    public void add(Site site) {
        em.persist(site);
        em.flush();
    }
}
