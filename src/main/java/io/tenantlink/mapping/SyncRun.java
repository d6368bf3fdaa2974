package io.tenantlink.mapping;

import io.tenantlink.platform.Clock;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One run of a connection's directory sync: full or delta, who started it, when, how it ended, what it changed. */
@Entity
@Table(name = "directory_sync_run")
public class SyncRun {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "connection_id", nullable = false, updatable = false)
    private long connectionId;

    @Column(name = "full_sync", nullable = false)
    private boolean fullSync;

    @Column(name = "started_by", nullable = false)
    private String startedBy;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SyncOutcome outcome;

    private String detail;

    @Column(nullable = false)
    private int requests;

    @Column(name = "users_changed", nullable = false)
    private int usersChanged;

    @Column(name = "users_removed", nullable = false)
    private int usersRemoved;

    protected SyncRun() {}

    public SyncRun(long connectionId, boolean fullSync, String startedBy) {
        this.connectionId = connectionId;
        this.fullSync = fullSync;
        this.startedBy = startedBy;
        this.startedAt = Clock.now();
        this.outcome = SyncOutcome.RUNNING;
    }

    public void finish(SyncOutcome outcome, boolean fullSync, String detail, int requests, int changed, int removed) {
        this.outcome = outcome;
        this.fullSync = fullSync;
        this.detail = detail == null || detail.length() <= 1000 ? detail : detail.substring(0, 1000);
        this.requests = requests;
        this.usersChanged = changed;
        this.usersRemoved = removed;
        this.finishedAt = Clock.now();
    }

    public Long getId() {
        return id;
    }

    public long getConnectionId() {
        return connectionId;
    }

    public SyncRunView view() {
        return new SyncRunView(
                id, fullSync, startedBy, startedAt, finishedAt, outcome, detail, requests, usersChanged, usersRemoved);
    }
}
