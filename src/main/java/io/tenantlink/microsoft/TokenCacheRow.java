package io.tenantlink.microsoft;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Lob;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;

/** One encrypted msal4j token cache. */
@Entity
@Table(name = "microsoft_token_cache")
@IdClass(TokenCacheRow.Key.class)
public class TokenCacheRow {

    /** Composite key: tenant and application (a plain class: JPA sets its fields). */
    public static class Key implements Serializable {
        private String tenantId;
        private String appId;

        public Key() {}

        public Key(String tenantId, String appId) {
            this.tenantId = tenantId;
            this.appId = appId;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key
                    && java.util.Objects.equals(tenantId, key.tenantId)
                    && java.util.Objects.equals(appId, key.appId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(tenantId, appId);
        }
    }

    @Id
    @Column(name = "tenant_id")
    private String tenantId;

    @Id
    @Column(name = "app_id")
    private String appId;

    @Lob
    @Column(name = "ciphertext", nullable = false)
    private byte[] ciphertext;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected TokenCacheRow() {}

    public TokenCacheRow(String tenantId, String appId) {
        this.tenantId = tenantId;
        this.appId = appId;
    }

    public void replace(byte[] newCiphertext) {
        this.ciphertext = newCiphertext.clone();
        this.updatedAt = io.tenantlink.platform.Clock.now();
    }

    public byte[] ciphertext() {
        return ciphertext.clone();
    }
}
