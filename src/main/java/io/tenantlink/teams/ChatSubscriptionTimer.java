package io.tenantlink.teams;

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

/**
 * Notification mode only: every TENANTLINK_TEAMS_SUBSCRIPTION_RENEW_SECONDS (default 600, at most a third of the
 * subscriptions' life) the incident chats' subscriptions are checked: made where missing, renewed before they expire,
 * deleted where the incident is resolved. The first check runs shortly after start. In polling mode no timer exists.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatSubscriptionTimer {

    @Inject
    ChatSubscriptions subscriptions;

    @Inject
    ChatReceiveMode mode;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        if (!mode.notifications()) {
            return;
        }
        long interval = mode.renewInterval().toMillis();
        timers.createIntervalTimer(
                Math.min(interval, 10_000), interval, new TimerConfig("incident-chat-subscriptions", false));
    }

    @Timeout
    public void tick() {
        subscriptions.maintainSoon();
    }
}
