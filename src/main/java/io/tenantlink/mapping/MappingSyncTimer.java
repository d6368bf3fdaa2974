package io.tenantlink.mapping;

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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every {@code TENANTLINK_MAPPING_SYNC_MINUTES} (default 15): a delta sync of each live connection that has a stored
 * deltaLink (connections never synced wait for a site admin's Sync now, which does the full round). The first run is
 * one interval after start. Once per interval across the instances ({@link ClusterLock}); each connection's sync also
 * holds a lease ({@link DirectorySync}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Each step of a sync is its own transaction (SyncSteps); a run may take longer than a transaction may last.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MappingSyncTimer {

    private static final Logger LOG = Logger.getLogger(MappingSyncTimer.class.getName());

    @Inject
    DirectorySync sync;

    @Inject
    MappingRepository mappings;

    @Inject
    io.tenantlink.connection.ConnectionRepository connections;

    @Inject
    @ConfigProperty(name = "tenantlink.mapping.sync-minutes", defaultValue = "15")
    long minutes;

    /** When above 0, the interval in seconds instead (test beds that watch several runs; as the other timers have). */
    @Inject
    @ConfigProperty(name = "tenantlink.mapping.sync-seconds", defaultValue = "0")
    long seconds;

    @Resource
    TimerService timers;

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;

    @PostConstruct
    void schedule() {
        long millis = seconds > 0 ? seconds * 1000 : Math.max(1, minutes) * 60_000;
        interval = java.time.Duration.ofMillis(millis);
        timers.createIntervalTimer(millis, millis, new TimerConfig("mapping-sync", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("mapping-sync", interval, this::run);
    }

    public void run() {
        for (long connectionId : mappings.connectionsWithDeltaLink()) {
            boolean live =
                    connections.find(connectionId).map(c -> !c.isDisconnected()).orElse(false);
            if (!live) {
                continue;
            }
            try {
                SyncRunView run = sync.sync(connectionId, "timer", false);
                LOG.fine(() -> "Mapping sync of connection " + connectionId + ": " + run.outcome());
            } catch (DirectorySync.AlreadyRunning busy) {
                // a site admin's Sync now is at it
            } catch (RuntimeException e) {
                LOG.warning(() -> "Mapping sync of connection " + connectionId + " failed: " + e);
            }
        }
    }
}
