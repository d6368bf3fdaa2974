package io.tenantlink.teams;

import io.tenantlink.platform.text.Text;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * The Microsoft Graph subscription to one incident chat's messages (change notifications): its id, when it expires,
 * and the SHA-256 of the clientState Graph sends back with each notification (the secret itself is not kept). No
 * subscription id means none exists now (never made, or the last attempt failed: {@code lastProblem}).
 */
@Entity
@Table(name = "incident_chat_subscription")
public class ChatSubscription {

    @Id
    @Column(name = "chat_row_id")
    private Long chatRowId;

    @Column(name = "subscription_id")
    private String subscriptionId;

    @Column(name = "client_state_hash")
    private String clientStateHash;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "renewed_at")
    private Instant renewedAt;

    @Column(name = "last_problem")
    private String lastProblem;

    @Version
    private long version;

    protected ChatSubscription() {}

    public ChatSubscription(long chatRowId) {
        this.chatRowId = chatRowId;
    }

    /** Graph created a subscription (a new one replaces what the row held). */
    public void subscribed(String subscriptionId, String clientStateHash, Instant expiresAt, Instant now) {
        this.subscriptionId = subscriptionId;
        this.clientStateHash = clientStateHash;
        this.expiresAt = expiresAt;
        this.createdAt = now;
        this.renewedAt = null;
        this.lastProblem = null;
    }

    public void renewed(Instant expiresAt, Instant now) {
        this.expiresAt = expiresAt;
        this.renewedAt = now;
        this.lastProblem = null;
    }

    /** The subscription is gone (Graph removed it, or it was deleted): notifications under it are no longer ours. */
    public void gone(String problem) {
        this.subscriptionId = null;
        this.clientStateHash = null;
        this.expiresAt = null;
        this.lastProblem = problem == null ? null : Text.clip(problem, 300);
    }

    public void failed(String problem) {
        this.lastProblem = Text.clip(problem, 300);
    }

    /** Whether a subscription exists and has not expired by {@code now}. */
    public boolean live(Instant now) {
        return subscriptionId != null && expiresAt != null && expiresAt.isAfter(now);
    }

    public long getChatRowId() {
        return chatRowId;
    }

    public String getSubscriptionId() {
        return subscriptionId;
    }

    public String getClientStateHash() {
        return clientStateHash;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getRenewedAt() {
        return renewedAt;
    }

    public String getLastProblem() {
        return lastProblem;
    }
}
