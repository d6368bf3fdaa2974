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
 * Every TENANTLINK_TEAMS_POLL_SECONDS (default 30) the incident chats' new commands are read; in notification mode
 * ({@link ChatReceiveMode}) every TENANTLINK_TEAMS_SAFETY_POLL_SECONDS (default 300), a safety net for lost
 * notifications. Once per interval across the instances ({@link ClusterLock}).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatPollTimer {

    @Inject
    ChatCommandPoller poller;

    @Inject
    ChatReceiveMode mode;

    @Resource
    TimerService timers;

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;

    @PostConstruct
    void schedule() {
        long millis = mode.pollSeconds() * 1000;
        interval = java.time.Duration.ofMillis(millis);
        timers.createIntervalTimer(millis, millis, new TimerConfig("incident-chat-commands", false));
    }

    @Timeout
    public void tick() {
        lock.runOnce("incident-chat-commands", interval, poller::poke);
    }
}
