package io.tenantlink.account;

import io.tenantlink.platform.Clock;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Brute-force protection of the portal's password sign-in. Failures are counted per account name (whether or
 * not such an account exists, so the answer never tells) and per client address, in the database so that every
 * instance of the portal sees the same counts. While either is blocked, every sign-in of that name or from that
 * address is refused without looking at the password. Thresholds: tenantlink.sign-in.* (microprofile-config.properties).
 */
@ApplicationScoped
public class SignInThrottle {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    /** This bean through its proxy, so each count runs in a transaction of its own. */
    @Inject
    SignInThrottle self;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.delay-after-failures", defaultValue = "3")
    int delayAfterFailures;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.delay-seconds", defaultValue = "1")
    long delaySeconds;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.max-delay-seconds", defaultValue = "60")
    long maxDelaySeconds;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.lock-after-failures", defaultValue = "10")
    int lockAfterFailures;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.lock-seconds", defaultValue = "900")
    long lockSeconds;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.address-delay-after-failures", defaultValue = "20")
    int addressDelayAfterFailures;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.address-lock-after-failures", defaultValue = "100")
    int addressLockAfterFailures;

    @Inject
    @ConfigProperty(name = "tenantlink.sign-in.forget-after-minutes", defaultValue = "60")
    long forgetAfterMinutes;

    private SignInThrottlePolicy policy = SignInThrottlePolicy.DEFAULTS;

    /** The outcome of a failed attempt: counts, and until when sign-in is now blocked (if it is). */
    public record Failure(int accountFailures, int addressFailures, Optional<Instant> blockedUntil, boolean locked) {}

    @PostConstruct
    void configure() {
        policy = new SignInThrottlePolicy(
                delayAfterFailures,
                Duration.ofSeconds(delaySeconds),
                Duration.ofSeconds(maxDelaySeconds),
                lockAfterFailures,
                Duration.ofSeconds(lockSeconds),
                addressDelayAfterFailures,
                addressLockAfterFailures,
                Duration.ofMinutes(forgetAfterMinutes));
    }

    /** Until when sign-in of this name or from this address is refused; empty when it may be tried. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Optional<Instant> blockedUntil(String username, String address) {
        Instant now = Clock.now();
        Instant latest = null;
        for (String key : new String[] {accountKey(username), addressKey(address)}) {
            SignInThrottleRow row = em.find(SignInThrottleRow.class, key);
            Instant until = row == null ? null : row.blockedUntil();
            if (until != null && until.isAfter(now) && (latest == null || until.isAfter(latest))) {
                latest = until;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Counts a failed attempt for the name and the address (each row locked while it is updated). */
    public Failure failed(String username, String address) {
        Instant now = Clock.now();
        Counted account = countWithRetry(accountKey(username), SignInThrottlePolicy.Kind.ACCOUNT, now);
        Counted byAddress = countWithRetry(addressKey(address), SignInThrottlePolicy.Kind.ADDRESS, now);
        Instant until = later(account.blockedUntil(), byAddress.blockedUntil());
        boolean locked = policy.locks(SignInThrottlePolicy.Kind.ACCOUNT, account.failures())
                || policy.locks(SignInThrottlePolicy.Kind.ADDRESS, byAddress.failures());
        return new Failure(
                account.failures(),
                byAddress.failures(),
                Optional.ofNullable(until).filter(u -> u.isAfter(now)),
                locked);
    }

    /** A correct password ends the name's run of failures (not the address's: one good account must not unlock it). */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void succeeded(String username) {
        SignInThrottleRow row = em.find(SignInThrottleRow.class, accountKey(username), LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            em.remove(row);
        }
    }

    public record Counted(int failures, Instant blockedUntil) {}

    /** Two first failures at once may both try to insert the row: the loser counts again on the row the winner made. */
    private Counted countWithRetry(String key, SignInThrottlePolicy.Kind kind, Instant now) {
        try {
            return self.count(key, kind, now);
        } catch (RuntimeException insertRace) {
            return self.count(key, kind, now);
        }
    }

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Counted count(String key, SignInThrottlePolicy.Kind kind, Instant now) {
        SignInThrottleRow row = em.find(SignInThrottleRow.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new SignInThrottleRow(key);
            int failures = row.fail(now, policy, kind);
            em.persist(row);
            em.flush();
            return new Counted(failures, row.blockedUntil());
        }
        int failures = row.fail(now, policy, kind);
        return new Counted(failures, row.blockedUntil());
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    static String accountKey(String username) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        return "a:" + sha256(name);
    }

    static String addressKey(String address) {
        return "i:" + sha256(address == null ? "" : address);
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
