package io.tenantlink.platform.concurrent;

import io.tenantlink.platform.db.DataSourceConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbc.JdbcLockProvider;

/**
 * A periodic timer's run, once per interval across every portal instance on the database: each timer names its lock
 * and runs its work through {@link #runOnce}; the first instance whose timer fires after the lock ran out runs it and
 * holds the lock for a little less than the interval ({@link #lockAtLeastFor}), so the other instances' ticks in that
 * interval do nothing. ShedLock's JDBC lock provider keeps the locks in the {@code shedlock} table (V30).
 */
@ApplicationScoped
public class ClusterLock {

    private static final Logger LOG = Logger.getLogger(ClusterLock.class.getName());

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @Inject
    ClusterLock self;

    private LockProvider provider;

    @PostConstruct
    void init() {
        provider = new JdbcLockProvider(dataSource, "shedlock");
    }

    /**
     * Runs {@code task} here when no instance ran the timer {@code name} in the last interval; false when another did
     * (or the database cannot be asked: the next tick tries again).
     */
    public boolean runOnce(String name, Duration interval, Runnable task) {
        Optional<SimpleLock> lock;
        try {
            lock = self.acquire(name, interval);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Timer " + name + ": cannot take its lock; skipped this time", e);
            return false;
        }
        if (lock.isEmpty()) {
            return false;
        }
        try {
            task.run();
        } finally {
            try {
                self.release(lock.get());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Timer " + name + ": cannot release its lock (it runs out by itself)", e);
            }
        }
        return true;
    }

    /**
     * How long a run holds the lock at least: the interval less a margin for the instances' timers and clocks (a
     * tenth of the interval, at most 5 s), so the next interval's first tick, wherever it fires, finds it free.
     */
    public static Duration lockAtLeastFor(Duration interval) {
        Duration margin = interval.dividedBy(10);
        if (margin.compareTo(Duration.ofSeconds(5)) > 0) {
            margin = Duration.ofSeconds(5);
        }
        return interval.minus(margin);
    }

    /**
     * At most: one interval (at least a minute). An instance that dies mid-run holds the lock that long; a run that
     * lasts longer may meet the next interval's run on another instance (the timers' work is safe to run twice at
     * once: one transaction per item with conditional changes; they say so in their own documentation).
     */
    public static Duration lockAtMostFor(Duration interval) {
        return interval.compareTo(Duration.ofMinutes(1)) > 0 ? interval : Duration.ofMinutes(1);
    }

    // The lock's statements commit on their own, outside any transaction of the timer's (ShedLock sets auto-commit).
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public Optional<SimpleLock> acquire(String name, Duration interval) {
        return provider.lock(
                new LockConfiguration(ClockProvider.now(), name, lockAtMostFor(interval), lockAtLeastFor(interval)));
    }

    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void release(SimpleLock lock) {
        lock.unlock();
    }
}
