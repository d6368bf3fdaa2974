package io.tenantlink.mapping;

import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.microsoft.GraphGateway.DeltaUser;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/** The steps of a sync, each its own transaction: a page is stored and forgotten before the next is read. */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRES_NEW)
public class SyncSteps {

    @Inject
    MappingRepository mappings;

    @Inject
    AuditLog auditLog;

    public void audit(AuditEntry entry) {
        auditLog.record(entry);
    }

    public Optional<String> deltaLink(long connectionId) {
        return mappings.deltaLink(connectionId);
    }

    public long startRun(long connectionId, boolean full, String actor) {
        // A run an instance left unfinished (stopped in the middle of it) leaves the users it saw: forgotten now.
        mappings.unfinishedRuns(connectionId).forEach(mappings::forgetSeen);
        return mappings.addRun(new SyncRun(connectionId, full, actor)).getId();
    }

    /** Graph asked for a full round in the middle of a run: the users seen so far do not count for it. */
    public void forgetSeen(long runId) {
        mappings.forgetSeen(runId);
    }

    public SyncRunView finishRun(
            long runId, SyncOutcome outcome, boolean full, String detail, int requests, int changed, int removed) {
        SyncRun run = mappings.findRun(runId).orElseThrow();
        run.finish(outcome, full, detail, requests, changed, removed);
        mappings.forgetSeen(runId);
        return run.view();
    }

    public int[] applyPage(long connectionId, long runId, int pageNo, List<DeltaUser> users, boolean assumeNew) {
        return mappings.applyPage(connectionId, runId, pageNo, users, assumeNew);
    }

    public boolean copyEmpty(long connectionId) {
        return mappings.userCount(connectionId) == 0;
    }

    /**
     * The end of a complete round: after a full one ({@code removeUnseen}; not after a round into an empty copy, which
     * saw every user the copy holds), users it did not see are gone; the deltaLink is kept.
     */
    public int completeRound(long connectionId, long runId, boolean removeUnseen, String deltaLink) {
        int removed = removeUnseen ? mappings.removeUnseen(connectionId, runId) : 0;
        mappings.saveDeltaLink(connectionId, deltaLink);
        return removed;
    }

    public Optional<SyncRunView> lastRun(long connectionId) {
        return mappings.lastRun(connectionId).map(SyncRun::view);
    }
}
