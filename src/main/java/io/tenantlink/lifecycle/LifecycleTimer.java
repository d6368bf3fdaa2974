package io.tenantlink.lifecycle;

import io.tenantlink.platform.concurrent.ClusterLock;
import io.tenantlink.platform.concurrent.TimerInterval;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;
import jakarta.annotation.PostConstruct;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@code TENANTLINK_LIFECYCLE_INTERVAL_HOURS} (default 6; {@code TENANTLINK_LIFECYCLE_INTERVAL_SECONDS}, when
 * above 0, overrides it, for tests) the lifecycle warnings of every site are computed, recorded and e-mailed
 * ({@link LifecycleChecker}); the credential dates (Microsoft Graph's, with a publisher tenant) are read once per run.
 * The first run is a few minutes after start (with the override: after one interval).
 * Non-persistent; each site in its own transactions, so one failing site stops no other. Once per interval across the
 * instances ({@link ClusterLock}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LifecycleTimer {

    private static final Logger LOG = Logger.getLogger(LifecycleTimer.class.getName());

    @Inject
    LifecycleChecker checker;

    @Inject
    SiteRepository sites;

    @Inject
    @ConfigProperty(name = "tenantlink.lifecycle.interval-hours", defaultValue = "6")
    long intervalHours;

    @Inject
    @ConfigProperty(name = "tenantlink.lifecycle.interval-seconds", defaultValue = "0")
    long intervalSeconds;

    @Resource
    TimerService timers;

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;

    private final AtomicBoolean running = new AtomicBoolean();

    static long intervalMillis(long hours, long seconds) {
        return TimerInterval.intervalMillis(hours, seconds);
    }

    static long firstRunMillis(long hours, long seconds) {
        return TimerInterval.firstRunMillis(hours, seconds, 600_000);
    }

    @PostConstruct
    void schedule() {
        interval = java.time.Duration.ofMillis(intervalMillis(intervalHours, intervalSeconds));
        timers.createIntervalTimer(
                firstRunMillis(intervalHours, intervalSeconds),
                intervalMillis(intervalHours, intervalSeconds),
                new TimerConfig("lifecycle-warnings", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("lifecycle-warnings", interval, this::run);
    }

    public void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            List<AppCredentials.Expiry> expiries = checker.credentialExpiries();
            for (Site site : sites.findAll()) {
                try {
                    checker.check(site.getId(), LifecycleService.SYSTEM_ACTOR, expiries);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Lifecycle warnings: the check of site " + site.getId() + " failed", e);
                }
            }
        } finally {
            running.set(false);
        }
    }
}
