package io.tenantlink.api.token.jpa;

import io.tenantlink.api.token.ApiToken;
import io.tenantlink.api.token.ApiTokenRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaApiTokenRepository implements ApiTokenRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public Optional<ApiToken> findByHash(String hash) {
        return em.createQuery("select t from ApiToken t where t.tokenHash = :hash", ApiToken.class)
                .setParameter("hash", hash)
                .getResultStream()
                .findFirst();
    }

    @Override
    public Optional<ApiToken> findOnSite(long siteId, long id) {
        return Optional.ofNullable(em.find(ApiToken.class, id)).filter(t -> t.getSiteId() == siteId);
    }

    @Override
    public List<ApiToken> findBySite(long siteId) {
        return em.createQuery("select t from ApiToken t where t.siteId = :site order by t.id desc", ApiToken.class)
                .setParameter("site", siteId)
                .getResultList();
    }

    @Override
    public void add(ApiToken token) {
        em.persist(token);
        em.flush();
    }
}
