package io.tenantlink.webhook;

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

/** Every TENANTLINK_WEBHOOK_TICK_SECONDS: retries that are due, and deliveries a restart left pending. */
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

    @PostConstruct
    void schedule() {
        long interval = Math.max(1, seconds) * 1000;
        timers.createIntervalTimer(interval, interval, new TimerConfig("webhook-deliveries", false));
    }

    @Timeout
    public void tick() {
        dispatcher.poke();
    }
}
