package io.tenantlink.platform.concurrent;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.db.DataSourceConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Leases on background work, by name, in the database shared by every portal instance ({@link JdbcLeases}, V30): the
 * instance that takes a lease owns the work; this bean renews every lease it holds every third of
 * {@code TENANTLINK_JOB_LEASE_SECONDS} (default 60) while the work runs; if the instance dies, the lease runs out and
 * another instance may take the work over ({@link #free}). Every instance renews its own leases: this timer is
 * deliberately not a {@link ClusterLock} timer.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WorkLeases {

    private static final Logger LOG = Logger.getLogger(WorkLeases.class.getName());

    @Resource(lookup = DataSourceConfig.JNDI_NAME)
    DataSource dataSource;

    @Inject
    @ConfigProperty(name = "tenantlink.job.lease-seconds", defaultValue = "60")
    long leaseSeconds;

    @Resource
    TimerService timers;

    private JdbcLeases leases;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    private final ReadWriteLock stopLock = new ReentrantReadWriteLock();
    private volatile boolean stopping;

    @PostConstruct
    void start() {
        leases = new JdbcLeases(dataSource, Clock::now);
        long every = checkEvery().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("work-lease-renewal", false));
    }

    /**
     * Stopping (SIGTERM, a rolling upgrade): the leases are given up at once, so that the next instance (or this one
     * started again) resumes the work without waiting for them to run out. Work still running here sees it no longer
     * holds its lease and stops ({@link #holds}). By the time Payara calls this, it has removed the application's data
     * source, so the leases are given up on a connection outside the pool ({@link DataSourceConfig#unpooledConnection}).
     */
    @PreDestroy
    void stop() {
        Set<String> givenUp;
        Lock stop = stopLock.writeLock();
        stop.lock();
        try {
            stopping = true;
            givenUp = Set.copyOf(held);
            held.clear();
        } finally {
            stop.unlock();
        }
        if (givenUp.isEmpty()) {
            return;
        }
        try (Connection c = DataSourceConfig.unpooledConnection()) {
            for (String name : givenUp) {
                JdbcLeases.release(c, name, InstanceId.get());
            }
            LOG.info(() -> "Gave up the leases " + givenUp + " (stopping)");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot give up the leases " + givenUp + " (they run out by themselves)", e);
        }
    }

    /** How long a lease lasts after its last renewal (at least 3 s). */
    public Duration length() {
        return Duration.ofSeconds(Math.max(3, leaseSeconds));
    }

    /** How often leases are renewed, and how often the features look for work whose lease ran out. */
    public Duration checkEvery() {
        return length().dividedBy(3);
    }

    /**
     * Takes the lease (free, or run out); false when another instance holds it, or this one does already (one holder
     * of a lease per instance too: take it once, then {@link #holds}).
     */
    public boolean take(String name) {
        // A take in flight finishes before stop() gives the leases up, and none starts after: otherwise a lease taken
        // while stopping would be written after the release and kept until it ran out.
        Lock taking = stopLock.readLock();
        taking.lock();
        try {
            if (stopping || !held.add(name)) {
                return false;
            }
            try {
                if (leases.take(name, InstanceId.get(), length())) {
                    return true;
                }
            } catch (SQLException e) {
                LOG.log(Level.WARNING, "Cannot take the lease " + name, e);
            }
            held.remove(name);
            return false;
        } finally {
            taking.unlock();
        }
    }

    /** Whether this instance still holds the lease (false once another instance took it over). */
    public boolean holds(String name) {
        return held.contains(name);
    }

    public void release(String name) {
        held.remove(name);
        try {
            leases.release(name, InstanceId.get());
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Cannot release the lease " + name + " (it runs out by itself)", e);
        }
    }

    /** No instance holds a live lease on it (this one may take it). */
    public boolean free(String name) {
        return current(name)
                .map(lease -> lease.takeableBy(InstanceId.get(), leases.now()))
                .orElse(true);
    }

    /** Its lease ran out without being released: the instance that held it died (or lost the database meanwhile). */
    public boolean abandoned(String name) {
        return current(name).map(lease -> !lease.live(leases.now())).orElse(false);
    }

    /** Some instance (this one included) holds a live lease on it. */
    public boolean live(String name) {
        return current(name).map(lease -> lease.live(leases.now())).orElse(false);
    }

    private Optional<Lease> current(String name) {
        try {
            return leases.current(name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the lease " + name, e);
        }
    }

    @Timeout
    public void renew() {
        for (String name : held) {
            try {
                if (!leases.renew(name, InstanceId.get(), length())) {
                    held.remove(name);
                    LOG.warning(() -> "The lease " + name + " was taken over by another instance; this one stops");
                }
            } catch (SQLException e) {
                // The database is away: the lease may run out meanwhile, and the next renewal says so.
                LOG.log(Level.WARNING, "Cannot renew the lease " + name, e);
            }
        }
    }
}
