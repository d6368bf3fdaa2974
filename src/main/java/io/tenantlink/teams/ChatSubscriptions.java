package io.tenantlink.teams;

import io.tenantlink.microsoft.DelegatedAccess;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.GraphRefusal;
import io.tenantlink.microsoft.GraphGateway.SubscriptionInfo;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.NotificationCertificates;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.concurrent.SerialWorker;
import io.tenantlink.teams.ChatCommandInbox.PollTarget;
import io.tenantlink.teams.ChatNotifications.Lifecycle;
import io.tenantlink.teams.ChatSubscriptionStore.SubscriptionState;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Microsoft Graph subscriptions to incident chats' messages (notification mode, {@link ChatReceiveMode}): one per
 * chat whose commands are read, made as the chat's creator (delegated Chat.Read, the least privileged permission Graph
 * documents for subscribing to /chats/{id}/messages), with a fresh random clientState kept only as its hash; renewed
 * before it expires ({@link ChatSubscriptionTimer}); made again when Graph removed it; deleted when the incident is
 * resolved. All Graph calls run on one background thread, never in a request or a transaction. In polling mode
 * nothing here runs.
 */
@ApplicationScoped
public class ChatSubscriptions {

    private static final Logger LOG = Logger.getLogger(ChatSubscriptions.class.getName());

    @Resource
    ManagedThreadFactory threads;

    @Inject
    ChatCommandInbox inbox;

    @Inject
    ChatCommandPoller poller;

    @Inject
    ChatSubscriptionStore rows;

    @Inject
    ChatReceiveMode mode;

    @Inject
    NotificationCertificates certificates;

    private SerialWorker worker;
    /** Tasks queued and not yet started, by key (one of each at a time). */
    private final Set<String> queued = ConcurrentHashMap.newKeySet();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        worker = new SerialWorker(threads, "incident chat subscriptions", 256);
    }

    @PreDestroy
    void stop() {
        if (worker != null) {
            worker.stop();
        }
    }

    /** Checks every chat soon: subscribes where none is live, renews what expires soon, drops what is not needed. */
    public void maintainSoon() {
        queue("maintain", this::maintain);
    }

    /** Subscribes to a new chat soon (notification mode only). */
    public void subscribeSoon(long chatRowId) {
        queue("subscribe " + chatRowId, () -> subscribe(chatRowId));
    }

    /** What a lifecycle notification (already checked as ours) asks for. */
    public void lifecycle(long chatRowId, String subscriptionId, Lifecycle event) {
        switch (event) {
            case REAUTHORIZATION_REQUIRED -> queue("renew " + chatRowId, () -> renew(chatRowId, subscriptionId));
            case SUBSCRIPTION_REMOVED ->
                queue("subscribe " + chatRowId, () -> {
                    rows.gone(chatRowId, subscriptionId, "teams.subscription.removed");
                    subscribe(chatRowId);
                });
            case MISSED -> poller.readSoon(chatRowId);
        }
    }

    private void queue(String key, Runnable task) {
        if (worker == null || !mode.notifications() || !queued.add(key)) {
            return;
        }
        if (!worker.offer(key, () -> {
            queued.remove(key);
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Incident chat subscriptions: " + key + " failed", e);
            }
        })) {
            queued.remove(key);
        }
    }

    void maintain() {
        Instant now = Clock.now();
        Instant renewBy = now.plus(mode.renewWithin());
        Set<Long> chats = new HashSet<>(inbox.chatsToPoll());
        for (long chatRowId : chats) {
            SubscriptionState state = rows.of(chatRowId).orElse(null);
            if (state == null || !state.live(now)) {
                subscribe(chatRowId);
            } else if (state.expiresAt().isBefore(renewBy)) {
                renew(chatRowId, state.subscriptionId());
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
        for (long chatRowId : rows.subscribedChats()) {
            if (!chats.contains(chatRowId)) {
                unsubscribe(chatRowId);
            }
        }
    }

    /** Makes a new subscription for the chat (the one it had, if any, is deleted at Graph). */
    void subscribe(long chatRowId) {
        PollTarget target = inbox.target(chatRowId).orElse(null);
        if (target == null || target.chat().getChatId() == null) {
            return;
        }
        GraphGateway gateway = gateway(chatRowId, target.chat());
        if (gateway == null) {
            return;
        }
        String previous =
                rows.of(chatRowId).map(SubscriptionState::subscriptionId).orElse(null);
        String clientState = ChatNotifications.newClientState();
        Instant asked = Clock.now().plus(mode.subscriptionLifetime());
        SubscriptionInfo made;
        try {
            NotificationCertificates.Current certificate = mode.resourceData() ? certificates.current() : null;
            made = gateway.get(new GraphRequest.SubscribeToChatMessages(
                    target.chat().getChatId(),
                    mode.notificationUrl(),
                    mode.lifecycleUrl(),
                    asked,
                    clientState,
                    certificate == null ? null : certificate.base64Certificate(),
                    certificate == null ? null : certificate.certificateId()));
        } catch (GraphRefusal refused) {
            LOG.info("Graph refused to subscribe to chat row " + chatRowId + ": " + refused.getMessage());
            rows.failed(chatRowId, "teams.subscription.refused");
            return;
        } catch (IOException unanswered) {
            rows.failed(chatRowId, "teams.subscription.noAnswer");
            return;
        }
        if (made == null || made.id() == null) {
            rows.failed(chatRowId, "teams.subscription.refused");
            return;
        }
        rows.subscribed(
                chatRowId,
                made.id(),
                ChatNotifications.hash(clientState),
                made.expiration() == null ? asked : made.expiration());
        if (previous != null && !previous.equals(made.id())) {
            delete(gateway, previous);
        }
        // Messages posted before the subscription existed are read now (polling would only find them later).
        poller.readSoon(chatRowId);
    }

    /** Extends the subscription's life (PATCH); one Graph no longer has is made again. */
    void renew(long chatRowId, String subscriptionId) {
        PollTarget target = inbox.target(chatRowId).orElse(null);
        if (target == null) {
            return;
        }
        SubscriptionState state = rows.of(chatRowId).orElse(null);
        if (state == null
                || state.subscriptionId() == null
                || !state.subscriptionId().equals(subscriptionId)) {
            return; // replaced or gone meanwhile
        }
        GraphGateway gateway = gateway(chatRowId, target.chat());
        if (gateway == null) {
            return;
        }
        Instant asked = Clock.now().plus(mode.subscriptionLifetime());
        try {
            SubscriptionInfo renewed = gateway.get(new GraphRequest.RenewSubscription(subscriptionId, asked));
            rows.renewed(chatRowId, renewed == null || renewed.expiration() == null ? asked : renewed.expiration());
        } catch (GraphRefusal refused) {
            if (refused.status() == 404) {
                rows.gone(chatRowId, subscriptionId, "teams.subscription.removed");
                subscribe(chatRowId);
            } else {
                LOG.info("Graph refused to renew the subscription of chat row " + chatRowId + ": "
                        + refused.getMessage());
                rows.failed(chatRowId, "teams.subscription.refused");
            }
        } catch (IOException unanswered) {
            rows.failed(chatRowId, "teams.subscription.noAnswer");
        }
    }

    /** The chat's incident is resolved (or its chat gone): its subscription is deleted. */
    void unsubscribe(long chatRowId) {
        SubscriptionState state = rows.of(chatRowId).orElse(null);
        if (state == null || state.subscriptionId() == null) {
            return;
        }
        IncidentChat chat = inbox.chat(chatRowId).orElse(null);
        GraphGateway gateway = chat == null ? null : gateway(chatRowId, chat);
        if (gateway != null) {
            delete(gateway, state.subscriptionId());
        }
        rows.gone(chatRowId, state.subscriptionId(), null);
    }

    private static void delete(GraphGateway gateway, String subscriptionId) {
        try {
            gateway.send(new GraphRequest.DeleteSubscription(subscriptionId));
        } catch (IOException unanswered) {
            LOG.log(Level.FINE, "Deleting subscription " + subscriptionId + " got no answer (it expires anyway)");
        }
    }

    /** Graph as the chat's creator with Chat.Read, or null (the problem recorded on the row). */
    private GraphGateway gateway(long chatRowId, IncidentChat chat) {
        DelegatedAccess.Access access;
        try {
            access = poller.asCreator(chat, ChatCommandPoller.SCOPES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IllegalStateException unanswered) {
            rows.failed(chatRowId, "teams.subscription.noAnswer");
            return null;
        }
        if (access instanceof DelegatedAccess.Granted granted) {
            return granted.gateway();
        }
        rows.failed(
                chatRowId,
                access instanceof DelegatedAccess.ConsentNeeded
                        ? "teams.subscription.consent"
                        : "teams.subscription.creatorSignIn");
        return null;
    }
}
