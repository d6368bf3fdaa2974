package io.tenantlink.microsoft;

import io.tenantlink.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Single flight for the token cache of one (tenant, application): whoever holds the lease may redeem its refresh
 * tokens and rewrite the cache; anyone else is told at once that the work is under way. The lease is a row of
 * token_refresh_lease, taken by a conditional update of an expired row (or, the first time, an insert), so it holds
 * across every instance sharing the database. A holder that dies leaves a lease that runs out after {@link #TTL}.
 */
@ApplicationScoped
public class RefreshLeases {

    private static final Logger LOG = Logger.getLogger(RefreshLeases.class.getName());

    /** Longer than a refresh and a Graph check take (their timeouts are 5 + 20 s per request). */
    static final Duration TTL = Duration.ofSeconds(90);

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    /** This bean through its proxy: each step commits on its own, before Microsoft is called. */
    @Inject
    RefreshLeases self;

    /** A held lease; closing it releases it (only if still this holder's). */
    public final class Lease implements AutoCloseable {
        private final String key;
        private final String holder;

        Lease(String key, String holder) {
            this.key = key;
            this.holder = holder;
        }

        @Override
        public void close() {
            try {
                self.release(key, holder);
            } catch (RuntimeException e) {
                // It runs out by itself; the next caller takes it over then.
                LOG.log(Level.WARNING, "Refresh lease " + key + " not released: " + e.getMessage());
            }
        }
    }

    /** The lease of this (tenant, application)'s token cache, or empty when another request holds it. */
    public Optional<Lease> tryAcquire(String tenantId, String appId) {
        String key = tenantId.toLowerCase(java.util.Locale.ROOT) + "|" + appId.toLowerCase(java.util.Locale.ROOT);
        String holder = Pkce.randomValue();
        Instant now = Clock.now();
        if (self.takeOverExpired(key, holder, now, now.plus(TTL)) == 1) {
            return Optional.of(new Lease(key, holder));
        }
        try {
            return self.insertIfAbsent(key, holder, now.plus(TTL)) == 1
                    ? Optional.of(new Lease(key, holder))
                    : Optional.empty();
        } catch (RuntimeException taken) {
            // Two first-ever leases of one key at the same instant: the primary key refused the second. Busy.
            return Optional.empty();
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int takeOverExpired(String key, String holder, Instant now, Instant until) {
        return em.createNativeQuery(
                        "UPDATE token_refresh_lease SET holder = ?, expires_at = ? WHERE lease_key = ? AND expires_at < ?")
                .setParameter(1, holder)
                .setParameter(2, utc(until))
                .setParameter(3, key)
                .setParameter(4, utc(now))
                .executeUpdate();
    }

    /** The first lease of a key; later ones take over the released row (a conditional update, which never collides). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int insertIfAbsent(String key, String holder, Instant until) {
        return em.createNativeQuery(
                        "INSERT INTO token_refresh_lease (lease_key, holder, expires_at) SELECT ?, ?, ? FROM (SELECT 1 AS one) AS x"
                                + " WHERE NOT EXISTS (SELECT 1 FROM token_refresh_lease WHERE lease_key = ?)")
                .setParameter(1, key)
                .setParameter(2, holder)
                .setParameter(3, utc(until))
                .setParameter(4, key)
                .executeUpdate();
    }

    /** Released by expiring it now; the row stays for the next holder to take over. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void release(String key, String holder) {
        em.createNativeQuery("UPDATE token_refresh_lease SET expires_at = ? WHERE lease_key = ? AND holder = ?")
                .setParameter(1, utc(Clock.now().minusSeconds(1)))
                .setParameter(2, key)
                .setParameter(3, holder)
                .executeUpdate();
    }

    private static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
