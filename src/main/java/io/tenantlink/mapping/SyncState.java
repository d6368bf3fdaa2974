package io.tenantlink.mapping;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A connection's deltaLink from its last complete round of /users/delta. */
@Entity
@Table(name = "directory_sync_state")
public class SyncState {

    @Id
    @Column(name = "connection_id")
    private long connectionId;

    @Column(name = "delta_link")
    private String deltaLink;

    @Version
    private long version;

    protected SyncState() {}

    public SyncState(long connectionId) {
        this.connectionId = connectionId;
    }

    public String getDeltaLink() {
        return deltaLink;
    }

    public void setDeltaLink(String deltaLink) {
        this.deltaLink = deltaLink;
    }
}
