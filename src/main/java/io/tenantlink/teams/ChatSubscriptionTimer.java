package io.tenantlink.teams;

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

/**
 * Notification mode only: every TENANTLINK_TEAMS_SUBSCRIPTION_RENEW_SECONDS (default 600, at most a third of the
 * subscriptions' life) the incident chats' subscriptions are checked: made where missing, renewed before they expire,
 * deleted where the incident is resolved. The first check runs shortly after start. In polling mode no timer exists.
 * Once per interval across the instances ({@link ClusterLock}).
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

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;

    @PostConstruct
    void schedule() {
        if (!mode.notifications()) {
            return;
        }
        interval = mode.renewInterval();
        long millis = interval.toMillis();
        timers.createIntervalTimer(
                Math.min(millis, 10_000), millis, new TimerConfig("incident-chat-subscriptions", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("incident-chat-subscriptions", interval, subscriptions::maintainSoon);
    }
}
