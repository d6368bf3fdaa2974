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
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Every TENANTLINK_TEAMS_POLL_SECONDS (default 30): the incident chats' new commands are read. */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatPollTimer {

    @Inject
    ChatCommandPoller poller;

    @Inject
    @ConfigProperty(name = "tenantlink.teams.poll-seconds", defaultValue = "30")
    long seconds;

    @Resource
    TimerService timers;

    @PostConstruct
    void schedule() {
        long interval = Math.max(1, seconds) * 1000;
        timers.createIntervalTimer(interval, interval, new TimerConfig("incident-chat-commands", false));
    }

    @Timeout
    public void tick() {
        poller.poke();
    }
}
