package io.tenantlink.connection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;

/** A Microsoft account that signed in, keyed by (tenant id, object id); its names are display data only. */
@Entity
@Table(name = "microsoft_account")
@IdClass(MicrosoftAccount.Key.class)
public class MicrosoftAccount {

    public record Key(String tenantId, String objectId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    @Column(name = "tenant_id")
    private String tenantId;

    @Id
    @Column(name = "object_id")
    private String objectId;

    @Column
    private String username;

    @Column(name = "display_name")
    private String displayName;

    @Column(name = "last_sign_in_at", nullable = false)
    private Instant lastSignInAt;

    @Version
    private long version;

    protected MicrosoftAccount() {}

    public MicrosoftAccount(MicrosoftSigner signer, Instant now) {
        this.tenantId = TenantConnection.requireGuid(signer.tenantId());
        this.objectId = TenantConnection.requireGuid(signer.objectId());
        signedIn(signer, now);
    }

    public void signedIn(MicrosoftSigner signer, Instant now) {
        this.username = clip(signer.username());
        this.displayName = clip(signer.name());
        this.lastSignInAt = now;
    }

    private static String clip(String value) {
        return value == null || value.length() <= 256 ? value : value.substring(0, 256);
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }
}
