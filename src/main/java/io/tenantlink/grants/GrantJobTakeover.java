package io.tenantlink.grants;

import io.tenantlink.platform.concurrent.WorkLeases;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * On every instance, every third of TENANTLINK_JOB_LEASE_SECONDS: RUNNING approval jobs whose lease ran out are taken
 * over here ({@link GrantJobService#takeOverOrphans}). Not a cluster-once timer: every instance looks, the lease decides.
 */
@Singleton
@Startup
@DependsOn("DatabaseMigrator")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class GrantJobTakeover {

    private static final Logger LOG = Logger.getLogger(GrantJobTakeover.class.getName());

    @Inject
    GrantJobService jobs;

    @Inject
    WorkLeases leases;

    @Resource
    TimerService timers;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void schedule() {
        long every = leases.checkEvery().toMillis();
        timers.createIntervalTimer(every, every, new TimerConfig("grant-job-takeover", false));
    }

    @Timeout
    public void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            jobs.takeOverOrphans();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Approval jobs: looking for jobs to take over failed", e);
        } finally {
            running.set(false);
        }
    }
}
