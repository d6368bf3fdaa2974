package io.tenantlink.mapping;

import java.time.Instant;

/** A sync run as the page shows it. */
public record SyncRunView(
        long id,
        boolean fullSync,
        String startedBy,
        Instant startedAt,
        Instant finishedAt,
        SyncOutcome outcome,
        String detail,
        int requests,
        int usersChanged,
        int usersRemoved) {

    public String outcomeKey() {
        return "mapping.sync.outcome." + outcome.name();
    }
}
