package io.tenantlink.microsoft.jpa;

import io.tenantlink.microsoft.NotificationCertificateRow;
import io.tenantlink.microsoft.NotificationCertificateStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class JpaNotificationCertificateStore implements NotificationCertificateStore {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public List<NotificationCertificateRow> all() {
        return em.createQuery(
                        "select c from NotificationCertificateRow c order by c.createdAt desc",
                        NotificationCertificateRow.class)
                .getResultList();
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<NotificationCertificateRow> find(String certificateId) {
        return Optional.ofNullable(em.find(NotificationCertificateRow.class, certificateId));
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void add(NotificationCertificateRow row) {
        em.persist(row);
    }
}
