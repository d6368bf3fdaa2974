package io.tenantlink.mapping;

import java.util.List;

/** One connected tenant on the mapping page: counts, the last sync, the people who need a look, the overrides. */
public record TenantMappingView(
        long connectionId,
        String tenantName,
        String domain,
        boolean active,
        long directoryUsers,
        long mapped,
        long overridden,
        long unmatched,
        long ambiguous,
        long notSynced,
        long attention,
        SyncRunView lastRun,
        List<MappingPersonRow> needingAction,
        long moreNeedingAction,
        List<MappingPersonRow> overrides) {

    public boolean permissionMissing() {
        return lastRun != null && lastRun.outcome() == SyncOutcome.PERMISSION_MISSING;
    }

    public boolean tokenRefused() {
        return lastRun != null && lastRun.outcome() == SyncOutcome.TOKEN_REFUSED;
    }
}
