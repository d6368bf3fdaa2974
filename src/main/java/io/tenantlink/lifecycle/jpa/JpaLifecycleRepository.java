package io.tenantlink.lifecycle.jpa;

import io.tenantlink.lifecycle.CredentialSource;
import io.tenantlink.lifecycle.LifecycleRecipient;
import io.tenantlink.lifecycle.LifecycleRepository;
import io.tenantlink.lifecycle.LifecycleWarning;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaLifecycleRepository implements LifecycleRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public List<LifecycleWarning> warnings(long siteId) {
        return em
                .createQuery(
                        "select w from LifecycleWarning w where w.siteId = :s order by w.id", LifecycleWarning.class)
                .setParameter("s", siteId)
                .getResultList()
                .stream()
                .sorted(Comparator.comparing(LifecycleWarning::getStage)
                        .reversed()
                        .thenComparing(LifecycleWarning::getId))
                .toList();
    }

    @Override
    public Optional<LifecycleWarning> warning(long siteId, long warningId) {
        return Optional.ofNullable(em.find(LifecycleWarning.class, warningId)).filter(w -> w.getSiteId() == siteId);
    }

    @Override
    public void add(LifecycleWarning warning) {
        em.persist(warning);
        em.flush();
    }

    @Override
    public void remove(LifecycleWarning warning) {
        em.remove(warning);
    }

    @Override
    public List<LifecycleRecipient> recipients(long siteId) {
        return em.createQuery(
                        "select r from LifecycleRecipient r where r.siteId = :s order by r.accountId",
                        LifecycleRecipient.class)
                .setParameter("s", siteId)
                .getResultList();
    }

    @Override
    public Optional<LifecycleRecipient> recipient(long siteId, long accountId) {
        return Optional.ofNullable(em.find(LifecycleRecipient.class, new LifecycleRecipient.Key(siteId, accountId)));
    }

    @Override
    public void add(LifecycleRecipient recipient) {
        em.persist(recipient);
    }

    @Override
    public List<CredentialSource> credentialSources() {
        return em.createQuery("select s from CredentialSource s order by s.app", CredentialSource.class)
                .getResultList();
    }
}
