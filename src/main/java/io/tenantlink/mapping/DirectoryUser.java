package io.tenantlink.mapping;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Set;

/**
 * One user of a connected tenant's directory, as the last sync read it (what matching and the override search need);
 * written by the sync's set-based SQL ({@code DirectoryTables}), read here.
 */
@Entity
@Table(name = "directory_user")
public class DirectoryUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "connection_id", nullable = false, updatable = false)
    private long connectionId;

    @Column(name = "object_id", nullable = false, updatable = false)
    private String objectId;

    @Column(name = "display_name")
    private String displayName;

    private String mail;

    @Column(name = "user_principal_name")
    private String userPrincipalName;

    @Column(nullable = false)
    private boolean guest;

    @Column(nullable = false)
    private boolean enabled;

    @Column(name = "seen_run", nullable = false)
    private long seenRun;

    protected DirectoryUser() {}

    /** The value cut to the column's length (display name 256, addresses 320). */
    public static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    public long getConnectionId() {
        return connectionId;
    }

    public String getObjectId() {
        return objectId;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getMail() {
        return mail;
    }

    public String getUserPrincipalName() {
        return userPrincipalName;
    }

    public boolean isGuest() {
        return guest;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public DirectoryEntry entry(Set<String> addressKeys) {
        return new DirectoryEntry(objectId, displayName, mail, guest, enabled, addressKeys);
    }
}
