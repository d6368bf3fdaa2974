package io.tenantlink.lifecycle;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** The address a site admin wants the site's lifecycle warnings at (V27). */
@Entity
@Table(name = "lifecycle_recipient")
@IdClass(LifecycleRecipient.Key.class)
public class LifecycleRecipient {

    /** The primary key (a class with settable fields: the JPA provider fills it in). */
    public static class Key implements Serializable {
        private static final long serialVersionUID = 1L;
        private long siteId;
        private long accountId;

        public Key() {}

        public Key(long siteId, long accountId) {
            this.siteId = siteId;
            this.accountId = accountId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.siteId == siteId && k.accountId == accountId;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(siteId) * 31 + Long.hashCode(accountId);
        }
    }

    @Id
    @Column(name = "site_id")
    private long siteId;

    @Id
    @Column(name = "account_id")
    private long accountId;

    @Column(nullable = false)
    private String email;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected LifecycleRecipient() {}

    public LifecycleRecipient(long siteId, long accountId, String email, Instant now) {
        this.siteId = siteId;
        this.accountId = accountId;
        change(email, now);
    }

    public void change(String email, Instant now) {
        this.email = email;
        this.updatedAt = now;
    }

    public long getSiteId() {
        return siteId;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getEmail() {
        return email;
    }
}
