package io.tenantlink.mapping.jpa;

import io.tenantlink.mapping.SelfLinkInvitation;
import io.tenantlink.mapping.SelfLinkRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaSelfLinkRepository implements SelfLinkRepository {

    @PersistenceContext(unitName = "tenantlink")
    private EntityManager em;

    @Override
    public void add(SelfLinkInvitation invitation) {
        em.persist(invitation);
        em.flush();
    }

    @Override
    public Optional<SelfLinkInvitation> find(long id) {
        return Optional.ofNullable(em.find(SelfLinkInvitation.class, id));
    }

    @Override
    public Optional<SelfLinkInvitation> byTokenHash(String tokenHash) {
        return em.createQuery("select i from SelfLinkInvitation i where i.tokenHash = :h", SelfLinkInvitation.class)
                .setParameter("h", tokenHash)
                .getResultStream()
                .findFirst();
    }

    @Override
    public List<SelfLinkInvitation> unclosed(long connectionId, long personId) {
        return em.createQuery(
                        "select i from SelfLinkInvitation i where i.connectionId = :c and i.personId = :p"
                                + " and i.closedAt is null",
                        SelfLinkInvitation.class)
                .setParameter("c", connectionId)
                .setParameter("p", personId)
                .getResultList();
    }
}
