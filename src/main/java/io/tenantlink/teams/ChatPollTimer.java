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
 * Every TENANTLINK_TEAMS_POLL_SECONDS (default 30) the incident chats' new commands are read; in notification mode
 * ({@link ChatReceiveMode}) every TENANTLINK_TEAMS_SAFETY_POLL_SECONDS (default 300), a safety net for lost
 * notifications.
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

    @PostConstruct
    void schedule() {
        long interval = mode.pollSeconds() * 1000;
        timers.createIntervalTimer(interval, interval, new TimerConfig("incident-chat-commands", false));
    }

    @Timeout
    public void tick() {
        poller.poke();
    }
}
