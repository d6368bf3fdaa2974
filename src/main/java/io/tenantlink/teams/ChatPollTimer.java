package io.tenantlink.teams;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.concurrent.ClusterLock;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Every TENANTLINK_TEAMS_POLL_SECONDS (default 30) the incident chats' new commands are read; in notification mode
 * ({@link ChatReceiveMode}) every TENANTLINK_TEAMS_SAFETY_POLL_SECONDS (default 300), a safety net for lost
 * notifications. Once per interval across the instances ({@link ClusterLock}). In notification mode also once, ten
 * seconds after this instance starts ({@link ChatReceiveMode#catchUpAfterStart()}), the chats created before the start
 * ({@link ChatCommandPoller#catchUp}), whatever the other instances did: the reads its stop dropped were its own.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ChatPollTimer {

    private static final Logger LOG = Logger.getLogger(ChatPollTimer.class.getName());

    static final String POLL = "incident-chat-commands";
    static final String CATCH_UP = "incident-chat-catch-up";

    @Inject
    ChatCommandPoller poller;

    @Inject
    ChatReceiveMode mode;

    @Resource
    TimerService timers;

    @Inject
    ClusterLock lock;

    private java.time.Duration interval;
    private java.time.Instant started;

    @PostConstruct
    void schedule() {
        started = Clock.now();
        long millis = mode.pollSeconds() * 1000;
        interval = java.time.Duration.ofMillis(millis);
        timers.createIntervalTimer(millis, millis, new TimerConfig(POLL, false));
        mode.catchUpAfterStart()
                .ifPresent(after -> timers.createSingleActionTimer(after.toMillis(), new TimerConfig(CATCH_UP, false)));
    }

    @Timeout
    public void tick(Timer timer) {
        if (CATCH_UP.equals(timer.getInfo())) {
            int chats = poller.catchUp(started);
            LOG.info("Incident chats read once after the start (what a stop may have left unread): " + chats);
            return;
        }
        lock.runOnce(POLL, interval, poller::poke);
    }
}
