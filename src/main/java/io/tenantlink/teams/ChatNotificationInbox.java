package io.tenantlink.teams;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.text.Text;
import io.tenantlink.teams.ChatNotifications.Lifecycle;
import io.tenantlink.teams.ChatNotifications.Notification;
import io.tenantlink.teams.ChatSubscriptionStore.SubscriptionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Takes Microsoft Graph's notifications about incident chats (the endpoint answers 202 at once; this only checks and
 * queues). A notification is believed only when its subscription id is one of ours AND its clientState hashes to the
 * one kept for that subscription AND (for changes) its resource is that subscription's chat; anything else is
 * ignored and audited (CHAT_NOTIFICATION_REFUSED), never processed. A believed change queues a read of its chat
 * ({@link ChatCommandPoller#readSoon}): notifications carry no resource data, the read fetches the messages and
 * {@link ChatCommandInbox} applies each once by its id, so duplicates and replays change nothing.
 */
@ApplicationScoped
public class ChatNotificationInbox {

    private static final Logger LOG = Logger.getLogger(ChatNotificationInbox.class.getName());

    /** At most this many refusals of one POST are audited (one forged POST may carry a hundred). */
    static final int MAX_AUDITED_PER_POST = 5;

    private static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** What one POST's notifications came to. */
    public record Outcome(int accepted, int refused) {}

    @Inject
    ChatSubscriptionStore rows;

    @Inject
    ChatCommandInbox chats;

    @Inject
    ChatCommandPoller poller;

    @Inject
    ChatSubscriptions subscriptions;

    @Inject
    IncidentService incidents;

    @Inject
    AuditLog auditLog;

    /**
     * Checks and queues; {@code lifecycle}: posted to the lifecycle URL; {@code from}: the sender's address. One short
     * transaction (the audit records of refusals); Graph is not called here.
     */
    @Transactional
    public Outcome accept(List<Notification> notifications, boolean lifecycle, String from) {
        int accepted = 0;
        int refused = 0;
        for (Notification n : notifications) {
            String problem = null;
            SubscriptionState state = rows.byId(n.subscriptionId()).orElse(null);
            IncidentChat chat =
                    state == null ? null : chats.chat(state.chatRowId()).orElse(null);
            if (state == null || chat == null) {
                problem = "unknown subscription id";
            } else if (!ChatNotifications.clientStateMatches(n.clientState(), state.clientStateHash())) {
                problem = "wrong clientState";
            } else if (!lifecycle && !ChatNotifications.aboutChat(n.resource(), chat.getChatId())) {
                problem = "resource is not the subscription's chat";
            }
            if (problem != null) {
                refused++;
                if (refused <= MAX_AUDITED_PER_POST) {
                    audit(n, chat, lifecycle, from, problem);
                }
                continue;
            }
            accepted++;
            if (lifecycle) {
                Lifecycle event = Lifecycle.of(n.lifecycleEvent());
                if (event == null) {
                    LOG.info(
                            "A lifecycle event the portal does not act on, for incident chat row " + state.chatRowId());
                } else {
                    subscriptions.lifecycle(state.chatRowId(), state.subscriptionId(), event);
                }
            } else {
                poller.readSoon(state.chatRowId());
            }
        }
        return new Outcome(accepted, refused);
    }

    private void audit(Notification n, IncidentChat chat, boolean lifecycle, String from, String problem) {
        Long siteId = chat == null
                ? null
                : incidents
                        .findById(chat.getIncidentId())
                        .map(Incident::getSiteId)
                        .orElse(null);
        String tenant = n.tenantId() != null && GUID.matcher(n.tenantId()).matches() ? n.tenantId() : null;
        String subscription = n.subscriptionId() == null
                ? "(none)"
                : Text.hasForbidden(n.subscriptionId(), false) ? "(unreadable)" : Text.clip(n.subscriptionId(), 64);
        auditLog.record(new AuditEntry(
                Clock.now(),
                "microsoft-graph-notification from " + Text.clip(from, 60),
                AuditAction.CHAT_NOTIFICATION_REFUSED,
                AuditOutcome.REFUSED,
                siteId,
                tenant,
                "subscription " + subscription,
                (lifecycle ? "Lifecycle notification" : "Change notification") + " ignored: " + problem
                        + (chat == null ? "" : " (incident chat row " + chat.getId() + ")")));
    }
}
