package io.tenantlink.teams;

import io.tenantlink.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The subscription rows of incident chats, each step its own short transaction (Graph is never called inside one).
 * Only the subscriptions' background thread writes them, one task at a time ({@link ChatSubscriptions}); the
 * notification endpoint only reads them, so a notification never conflicts with a renewal (the rows are versioned).
 */
@ApplicationScoped
@Transactional
public class ChatSubscriptionStore {

    /** A chat's subscription as read: a copy, safe outside the transaction. */
    public record SubscriptionState(
            long chatRowId, String subscriptionId, String clientStateHash, Instant expiresAt, String lastProblem) {
        public boolean live(Instant now) {
            return subscriptionId != null && expiresAt != null && expiresAt.isAfter(now);
        }
    }

    @Inject
    TeamsRepository teams;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SubscriptionState> of(long chatRowId) {
        return teams.subscription(chatRowId).map(ChatSubscriptionStore::state);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<SubscriptionState> byId(String subscriptionId) {
        if (subscriptionId == null || subscriptionId.isBlank() || subscriptionId.length() > 64) {
            return Optional.empty();
        }
        return teams.subscriptionById(subscriptionId).map(ChatSubscriptionStore::state);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> subscribedChats() {
        return teams.subscribedChats();
    }

    public void subscribed(long chatRowId, String subscriptionId, String clientStateHash, Instant expiresAt) {
        row(chatRowId).subscribed(subscriptionId, clientStateHash, expiresAt, Clock.now());
    }

    public void renewed(long chatRowId, Instant expiresAt) {
        row(chatRowId).renewed(expiresAt, Clock.now());
    }

    public void failed(long chatRowId, String problem) {
        row(chatRowId).failed(problem);
    }

    /** The subscription is gone; only if the row still holds this one (a newer one stays). */
    public void gone(long chatRowId, String subscriptionId, String problem) {
        ChatSubscription row = row(chatRowId);
        if (subscriptionId == null || subscriptionId.equals(row.getSubscriptionId())) {
            row.gone(problem);
        }
    }

    private ChatSubscription row(long chatRowId) {
        ChatSubscription row = teams.subscription(chatRowId).orElse(null);
        if (row == null) {
            row = new ChatSubscription(chatRowId);
            teams.add(row);
        }
        return row;
    }

    private static SubscriptionState state(ChatSubscription s) {
        return new SubscriptionState(
                s.getChatRowId(), s.getSubscriptionId(), s.getClientStateHash(), s.getExpiresAt(), s.getLastProblem());
    }
}
