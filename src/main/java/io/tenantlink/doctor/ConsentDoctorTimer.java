package io.tenantlink.doctor;

import io.tenantlink.connection.ConnectionService;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.platform.concurrent.ClusterLock;
import io.tenantlink.platform.concurrent.TimerInterval;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Re-checks the consent of every ACTIVE connection every {@code TENANTLINK_DOCTOR_INTERVAL_HOURS}
 * (default 6; {@code TENANTLINK_DOCTOR_INTERVAL_SECONDS}, when set above 0, overrides it, for tests),
 * first a few minutes after start (with the override: after one interval). Non-persistent: a restart starts the cycle again. Each connection is
 * recorded in its own transaction with versioned rows, so runs on two instances record a change once. Once per interval
 * across the instances ({@link ClusterLock}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ConsentDoctorTimer {

    static final String ACTOR = "consent doctor (timer)";
    private static final Logger LOG = Logger.getLogger(ConsentDoctorTimer.class.getName());

    @Inject
    ConsentDoctor doctor;

    @Inject
    ConsentCheckStore store;

    @Inject
    ConnectionService connections;

    @Inject
    @ConfigProperty(name = "tenantlink.doctor.interval-hours", defaultValue = "6")
    long intervalHours;

    @Inject
    @ConfigProperty(name = "tenantlink.doctor.interval-seconds", defaultValue = "0")
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

    /**
     * The first run: at most 5 minutes after start; with an interval in seconds (tests) after one interval, so a test
     * setup can also keep the doctor out of the way (the integration tests' portal runs for longer than 5 minutes, and
     * a run of the doctor goes to Microsoft for every active connection).
     */
    static long firstRunMillis(long hours, long seconds) {
        return TimerInterval.firstRunMillis(hours, seconds, 300_000);
    }

    @PostConstruct
    void schedule() {
        interval = java.time.Duration.ofMillis(intervalMillis(intervalHours, intervalSeconds));
        timers.createIntervalTimer(
                firstRunMillis(intervalHours, intervalSeconds),
                intervalMillis(intervalHours, intervalSeconds),
                new TimerConfig("consent-doctor", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("consent-doctor", interval, this::run);
    }

    public void run() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous run is still going
        }
        try {
            int checked = 0;
            int changed = 0;
            int unreadable = 0;
            for (long id : store.activeConnectionIds()) {
                TenantConnection connection = connections.find(id).orElse(null);
                if (connection == null || !connection.isActive()) {
                    continue;
                }
                try {
                    ConsentDoctor.Result result = doctor.check(connection, ACTOR, false);
                    checked++;
                    if (result instanceof ConsentDoctor.Checked c
                            && (!c.recorded().changes().isEmpty()
                                    || c.recorded().attentionChanged())) {
                        changed++;
                    } else if (result instanceof ConsentDoctor.Unreadable u) {
                        unreadable++;
                        LOG.info(() -> "Consent doctor: cannot read tenant " + connection.getTenantId() + ": "
                                + u.failure().kind() + " " + u.failure().detail());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Consent doctor: check of connection " + id + " failed", e);
                }
            }
            if (checked > 0) {
                int c = checked;
                int ch = changed;
                int u = unreadable;
                LOG.info(() ->
                        "Consent doctor: " + c + " connection(s) checked, " + ch + " changed, " + u + " unreadable");
            }
        } finally {
            running.set(false);
        }
    }
}
