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
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
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
    private HeldLeases held;

    @PostConstruct
    void start() {
        leases = new JdbcLeases(dataSource, Clock::now);
        DataSourceConfig.UnpooledConnections forStop = DataSourceConfig.unpooledConnections();
        held = new HeldLeases(leases, InstanceId.get(), length(), forStop::open);
        long every = checkEvery().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("work-lease-renewal", false));
    }

    /**
     * Stopping (SIGTERM, a rolling upgrade): the leases are given up at once, so that the next instance (or this one
     * started again) resumes the work without waiting for them to run out; none is taken afterwards. Work still running
     * here sees it no longer holds its lease and stops ({@link #holds}). By the time Payara calls this, it has removed
     * the application's data source, so the leases are given up on a connection outside the pool ({@link
     * DataSourceConfig#unpooledConnections}); so are the leases whose release failed because the data source was gone.
     */
    @PreDestroy
    void stop() {
        Set<String> givenUp = held.stop();
        if (!givenUp.isEmpty()) {
            LOG.info(() -> "Gave up the leases " + givenUp + " (stopping)");
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
     * of a lease per instance too: take it once, then {@link #holds}), or this one is stopping.
     */
    public boolean take(String name) {
        return held.take(name);
    }

    /** Whether this instance still holds the lease (false once another instance took it over). */
    public boolean holds(String name) {
        return held.holds(name);
    }

    public void release(String name) {
        held.release(name);
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
        held.renew();
    }
}
