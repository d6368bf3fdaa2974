package io.tenantlink.webhook;

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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every TENANTLINK_WEBHOOK_TICK_SECONDS: retries that are due, and deliveries a restart left pending; once per interval
 * across the instances ({@link ClusterLock}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class WebhookTimer {

    @Inject
    WebhookDispatcher dispatcher;

    @Inject
    @ConfigProperty(name = "tenantlink.webhook.tick-seconds", defaultValue = "10")
    long seconds;

    @Resource
    TimerService timers;

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;

    @PostConstruct
    void schedule() {
        long millis = Math.max(1, seconds) * 1000;
        interval = java.time.Duration.ofMillis(millis);
        timers.createIntervalTimer(millis, millis, new TimerConfig("webhook-deliveries", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("webhook-deliveries", interval, dispatcher::poke);
    }
}
