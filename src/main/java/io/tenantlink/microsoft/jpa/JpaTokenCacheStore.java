package io.tenantlink.microsoft.jpa;

import io.tenantlink.microsoft.TokenCacheRow;
import io.tenantlink.microsoft.TokenCacheStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.Optional;

@ApplicationScoped
public class JpaTokenCacheStore implements TokenCacheStore {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    /**
     * Created at start-up, on a container thread. msal4j calls the token cache from its own threads; a bean first
     * created on one of those gets no entity manager (the container does not inject there), and one first used there
     * finds no persistence unit; either lasted until the next restart, whose first token request (a grant job
     * resuming, the consent doctor) met it.
     */
    void createdAtStartUp(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // The container's entity manager finds its factory through the calling thread's context, once, and keeps it:
        // done here, not on an msal4j thread where there is no such context (no database access yet).
        em.getEntityManagerFactory();
    }

    /**
     * In a transaction of its own if the caller has none: msal4j calls this from its own threads, where the container's
     * entity manager works inside a transaction but finds no component context to work without one.
     */
    @Override
    @Transactional(Transactional.TxType.REQUIRED)
    public Optional<byte[]> load(String tenantId, String appId) {
        return find(tenantId, appId, LockModeType.NONE).map(TokenCacheRow::ciphertext);
    }

    @Override
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void save(String tenantId, String appId, byte[] ciphertext) {
        TokenCacheRow row =
                find(tenantId, appId, LockModeType.PESSIMISTIC_WRITE).orElse(null);
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

    private Optional<TokenCacheRow> find(String tenantId, String appId, LockModeType lock) {
        return Optional.ofNullable(em.find(TokenCacheRow.class, new TokenCacheRow.Key(tenantId, appId), lock));
    }
}
