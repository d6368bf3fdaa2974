package io.tenantlink.microsoft.jpa;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import io.tenantlink.microsoft.TokenCacheRow;
import io.tenantlink.microsoft.TokenCacheStore;

@ApplicationScoped
public class JpaTokenCacheStore implements TokenCacheStore {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<byte[]> load(String tenantId, String appId) {
        return find(tenantId, appId, LockModeType.NONE).map(TokenCacheRow::ciphertext);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void save(String tenantId, String appId, byte[] ciphertext) {
        TokenCacheRow row = find(tenantId, appId, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        if (row == null) {
            row = new TokenCacheRow(tenantId, appId);
            row.replace(ciphertext);
            em.persist(row);
        } else {
            row.replace(ciphertext);
        }
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void delete(String tenantId, String appId) {
        find(tenantId, appId, LockModeType.PESSIMISTIC_WRITE).ifPresent(em::remove);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void deleteAll() {
        em.createQuery("delete from TokenCacheRow r").executeUpdate();
    }

    private Optional<TokenCacheRow> find(String tenantId, String appId, LockModeType lock) {
        return Optional.ofNullable(em.find(TokenCacheRow.class, new TokenCacheRow.Key(tenantId, appId), lock));
    }
}
