package io.tenantlink.connection;

import io.tenantlink.platform.concurrent.ClusterLock;
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
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every few minutes ({@code TENANTLINK_HOUSEKEEPING_INTERVAL_SECONDS}, default 300), and once
 * shortly after start: marks approval links past their expiry as expired (one audit record each)
 * and deletes sign-in requests an hour past theirs. Each link is expired in its own transaction by
 * a conditional change, so two runs at once (or two instances) expire and audit it once; a run after
 * a restart catches up with everything that fell due meanwhile. Once per interval across the instances
 * ({@link ClusterLock}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ConnectionHousekeeping {

    private static final Logger LOG = Logger.getLogger(ConnectionHousekeeping.class.getName());
    private static final int BATCH = 500;

    @Inject
    ConnectionService connections;

    @Inject
    @ConfigProperty(name = "tenantlink.housekeeping.interval-seconds", defaultValue = "300")
    long intervalSeconds;

    @Resource
    TimerService timers;

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1, intervalSeconds) * 1000;
        interval = java.time.Duration.ofMillis(millis);
        timers.createIntervalTimer(Math.min(millis, 10_000), millis, new TimerConfig("connection-housekeeping", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("connection-housekeeping", interval, this::run);
    }

    public void run() {
        Result result = sweep();
        if (result.expired() > 0 || result.purged() > 0) {
            LOG.info(() -> "Housekeeping: " + result.expired() + " approval link(s) expired, " + result.purged()
                    + " old sign-in request(s) deleted");
        }
    }

    public record Result(int expired, int purged) {}

    public Result sweep() {
        int expired = 0;
        List<Long> due;
        do {
            due = connections.linksDueToExpire(BATCH);
            for (long id : due) {
                if (connections.expireLink(id)) {
                    expired++;
                }
            }
        } while (due.size() == BATCH);
        return new Result(expired, connections.purgeSignInRequests());
    }
}
