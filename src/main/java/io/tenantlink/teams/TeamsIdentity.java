package io.tenantlink.teams;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/**
 * A portal account's Microsoft identity in one connected tenant, from that person's own sign-in to the ChatOps app.
 * Incident chats, meetings and messages are created with this identity's delegated token: Graph lets no application
 * post chat messages on its own, and a chat created as the person who clicks has that person in it.
 */
@Entity
@Table(name = "teams_identity")
public class TeamsIdentity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false, updatable = false)
    private long accountId;

    @Column(name = "connection_id", nullable = false, updatable = false)
    private long connectionId;

    @Column(name = "tenant_id", nullable = false)
    private String tenantId;

    /** msal4j's account key in the token cache (object id and tenant id). */
    @Column(name = "home_account_id", nullable = false)
    private String homeAccountId;

    @Column(name = "object_id", nullable = false)
    private String objectId;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "username")
    private String username;

    @Column(name = "signed_in_at", nullable = false)
    private Instant signedInAt;

    protected TeamsIdentity() {}

    public TeamsIdentity(long accountId, long connectionId, String tenantId) {
        this.accountId = accountId;
        this.connectionId = connectionId;
        this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
    }

    /** A (new) sign-in of the same account to the same tenant: the identity it proved. */
    public void signedIn(String homeAccountId, String objectId, String displayName, String username) {
        this.homeAccountId = Objects.requireNonNull(homeAccountId, "homeAccountId");
        this.objectId = Objects.requireNonNull(objectId, "objectId");
        this.displayName = displayName;
        this.username = username;
        this.signedInAt = Clock.now();
    }

    public Long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public String getTenantId() {
        return tenantId;
    }

    public String getHomeAccountId() {
        return homeAccountId;
    }

    public String getObjectId() {
        return objectId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getUsername() {
        return username;
    }

    public Instant getSignedInAt() {
        return signedInAt;
    }
}
