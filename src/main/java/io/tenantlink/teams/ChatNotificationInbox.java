package io.tenantlink.teams;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.microsoft.GraphGateway.ChatMessageInfo;
import io.tenantlink.microsoft.IdTokenRejectedException;
import io.tenantlink.microsoft.MicrosoftApps;
import io.tenantlink.microsoft.NotificationCertificates;
import io.tenantlink.microsoft.NotificationContent;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.text.Text;
import io.tenantlink.teams.ChatNotifications.Lifecycle;
import io.tenantlink.teams.ChatNotifications.Notification;
import io.tenantlink.teams.ChatSubscriptionStore.SubscriptionState;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Takes Microsoft Graph's notifications about incident chats (the endpoint answers 202 at once; this only checks and
 * queues). A notification is believed only when its subscription id is one of ours AND its clientState hashes to the
 * one kept for that subscription AND (for changes) its resource is that subscription's chat; anything else is
 * ignored and audited (CHAT_NOTIFICATION_REFUSED), never processed. A believed change that carries the message
 * (subscriptions with resource data) hands it to {@link ChatCommandPoller#deliver} once its validation tokens and its
 * encrypted content verify ({@link NotificationContent}); every believed change also queues a read of its chat ({@link
 * ChatCommandPoller#readSoon}), which finds what a lost notification did not bring. {@link ChatCommandInbox} applies each
 * message once by its id, so duplicates and replays change nothing.
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

    @Inject
    MicrosoftApps apps;

    @Inject
    NotificationCertificates certificates;

    /**
     * Checks and queues; {@code lifecycle}: posted to the lifecycle URL; {@code from}: the sender's address. One short
     * transaction (the audit records of refusals); Graph is not called here.
     */
    @Transactional
    public Outcome accept(List<Notification> notifications, boolean lifecycle, String from) {
        return accept(new ChatNotifications.Batch(notifications, List.of()), lifecycle, from);
    }

    /** As {@link #accept(List, boolean, String)}, with the validation tokens of the POST. */
    @Transactional
    public Outcome accept(ChatNotifications.Batch batch, boolean lifecycle, String from) {
        int accepted = 0;
        int refused = 0;
        Map<String, Boolean> tokensValidFor = new HashMap<>();
        for (Notification n : batch.notifications()) {
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
            // Believed: ours, by its subscription; its content may still not be trusted (then the chat is read).
            boolean believed = problem == null;
            if (believed && !lifecycle && n.encrypted() != null) {
                problem = deliverContent(n, state.chatRowId(), batch.validationTokens(), tokensValidFor);
            }
            if (problem == null) {
                accepted++;
            } else {
                refused++;
                if (refused <= MAX_AUDITED_PER_POST) {
                    audit(n, chat, lifecycle, from, problem);
                }
            }
            if (!believed) {
                continue;
            }
            if (lifecycle) {
                Lifecycle event = Lifecycle.of(n.lifecycleEvent());
                if (event == null) {
                    LOG.info(
                            "A lifecycle event the portal does not act on, for incident chat row " + state.chatRowId());
                } else {
                    subscriptions.lifecycle(state.chatRowId(), state.subscriptionId(), event);
                }
            } else {
                // The read fetches from Graph itself: what a lost notification did not bring, and the message of one
                // whose content could not be trusted.
                poller.readSoon(state.chatRowId());
            }
        }
        return new Outcome(accepted, refused);
    }

    /** Hands the message a notification carries to the poller; null, or why its content is not trusted. */
    private String deliverContent(
            Notification n, long chatRowId, List<String> tokens, Map<String, Boolean> tokensValidFor) {
        String tenant = n.tenantId() == null ? "" : n.tenantId().toLowerCase(Locale.ROOT);
        if (!tokensValidFor.computeIfAbsent(tenant, t -> tokensValid(tokens, t))) {
            return "content without valid validation tokens";
        }
        ChatMessageInfo message;
        try {
            message = NotificationContent.chatMessage(n.encrypted(), certificates::privateKey);
        } catch (NotificationContent.Rejected rejected) {
            return rejected.getMessage();
        }
        if (!ChatNotifications.aboutMessage(n.resource(), message.id())) {
            return "content is not the message the resource names";
        }
        poller.deliver(chatRowId, message);
        return null;
    }

    /** Whether there are validation tokens and every one is Graph's, for the ChatOps app and this tenant. */
    private boolean tokensValid(List<String> tokens, String tenantId) {
        if (tokens.isEmpty()) {
            return false;
        }
        for (String token : tokens) {
            try {
                apps.idTokenValidator().validateNotificationToken(token, tenantId);
            } catch (IdTokenRejectedException rejected) {
                LOG.info("A notification's validation token was refused: " + rejected.getMessage());
                return false;
            } catch (IOException | RuntimeException unanswered) {
                LOG.log(Level.WARNING, "Microsoft's signing keys could not be read for a notification", unanswered);
                return false;
            }
        }
        return true;
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
