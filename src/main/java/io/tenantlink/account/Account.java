package io.tenantlink.account;

import io.tenantlink.platform.Clock;
import io.tenantlink.platform.InvalidInputException;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.regex.Pattern;

/** A portal account (form login). Its password is kept only as a PBKDF2 hash. */
@Entity
@Table(name = "account")
public class Account {

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String username;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(name = "password_hash", nullable = false)
    private String passwordHash;

    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "password_changed_at")
    private Instant passwordChangedAt;

    @Version
    private long version;

    protected Account() {}

    /** A new account whose first password was chosen by someone else, so it must be changed at first login. */
    public Account(String username, String displayName, String initialPasswordHash) {
        this.username = normaliseUsername(username);
        this.displayName = requireDisplayName(displayName);
        this.passwordHash = initialPasswordHash;
        this.mustChangePassword = true;
        this.enabled = true;
        this.createdAt = Clock.now();
    }

    public static String normaliseUsername(String username) {
        String value = username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
        if (!USERNAME.matcher(value).matches()) {
            throw new InvalidInputException("account.error.username");
        }
        return value;
    }

    private static String requireDisplayName(String displayName) {
        String value = displayName == null ? "" : displayName.strip();
        if (value.isEmpty() || value.length() > 128) {
            throw new InvalidInputException("account.error.displayName");
        }
        return value;
    }

    public void changePassword(String newPasswordHash) {
        this.passwordHash = newPasswordHash;
        this.mustChangePassword = false;
        this.passwordChangedAt = Clock.now();
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Long getId() {
        return id;
    }

    public String getUsername() {
        return username;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getPasswordHash() {
        return passwordHash;
    }

    public boolean isMustChangePassword() {
        return mustChangePassword;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
