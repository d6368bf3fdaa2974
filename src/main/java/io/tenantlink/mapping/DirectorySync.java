package io.tenantlink.mapping;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.connection.ConnectionRepository;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.microsoft.GraphAnswer;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphGateway.DeltaPage;
import io.tenantlink.microsoft.GraphRequest;
import io.tenantlink.microsoft.GraphRequest.UsersDelta;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.concurrent.WorkLeases;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a connected tenant's users into the directory copy through /users/delta, with the ChatOps app's app-only
 * token ({@code User.Read.All}): without a stored deltaLink a full round (every page, each stored in its own
 * transaction and forgotten, then the users the round did not see removed); with one, only what changed. Graph's 410
 * for a deltaLink it no longer knows leads to a full round in the same run. Then every person of the site is matched
 * again ({@link MappingService}). One run per connection at a time across the instances: the run holds the lease
 * "directory-sync:&lt;connection id&gt;" ({@link WorkLeases}), renewed while it runs; when its instance dies the lease
 * runs out and the next run (the timer's, or Sync now) on any instance syncs again from the stored deltaLink.
 */
@ApplicationScoped
public class DirectorySync {

    private static final Logger LOG = Logger.getLogger(DirectorySync.class.getName());

    @Inject
    SyncSteps steps;

    @Inject
    MappingService mappingService;

    @Inject
    ConnectionRepository connections;

    @Inject
    ManagementAccess access;

    @Inject
    WorkLeases leases;

    /** Users per page of /users/delta (TENANTLINK_MAPPING_PAGE_SIZE, 1 to 999). */
    @Inject
    @ConfigProperty(name = "tenantlink.mapping.page-size", defaultValue = "999")
    int pageSize = GraphRequest.PAGE_SIZE;

    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    /** Another run of the connection is under way (here or on another instance). */
    public static final class AlreadyRunning extends Exception {
        private static final long serialVersionUID = 1L;

        public AlreadyRunning() {
            super("a sync of this connection is running", null, false, false);
        }
    }

    /** Syncs the connection now; {@code manual}: a site admin pressed Sync now (always audited). */
    public SyncRunView sync(long connectionId, String actor, boolean manual) throws AlreadyRunning {
        if (!running.add(connectionId)) {
            throw new AlreadyRunning();
        }
        String lease = "directory-sync:" + connectionId;
        if (!leases.take(lease)) {
            running.remove(connectionId);
            throw new AlreadyRunning(); // on another instance
        }
        try {
            TenantConnection connection = connections.find(connectionId).orElseThrow();
            Optional<SyncRunView> previous = steps.lastRun(connectionId);
            SyncRunView run = run(connection, actor);
            boolean changedOutcome = previous.isEmpty() || previous.get().outcome() != run.outcome();
            boolean ok = run.outcome() == SyncOutcome.DONE || run.outcome() == SyncOutcome.RESYNCED;
            if (manual || (!ok && changedOutcome)) {
                steps.audit(new AuditEntry(
                        Clock.now(),
                        actor,
                        AuditAction.DIRECTORY_SYNCED,
                        ok ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE,
                        connection.getSiteId(),
                        connection.getTenantId(),
                        "connection " + connectionId,
                        (run.fullSync() ? "full" : "delta") + " sync: " + run.outcome() + ", " + run.usersChanged()
                                + " user(s) changed, " + run.usersRemoved() + " removed, " + run.requests()
                                + " request(s)" + (run.detail() == null ? "" : "; " + run.detail())));
            }
            return run;
        } finally {
            leases.release(lease);
            running.remove(connectionId);
        }
    }

    private SyncRunView run(TenantConnection connection, String actor) {
        long connectionId = connection.getId();
        String link = steps.deltaLink(connectionId).orElse(null);
        boolean full = link == null;
        long runId = steps.startRun(connectionId, full, actor);
        int requests = 0;
        int changed = 0;
        int removed = 0;
        boolean resynced = false;
        int pages = 0;
        // A full round into an empty copy (the connection's first): every user is new, so pages are plain inserts, with
        // no lookups and nothing to remove at the end, until a user shows up twice.
        boolean intoEmptyCopy = full && steps.copyEmpty(connectionId);
        boolean assumeNew = intoEmptyCopy;
        try {
            ManagementAccess.Access token = access.chatOpsAppOnly(connection.getTenantId(), false);
            if (!(token instanceof ManagementAccess.Granted granted)) {
                String why = token instanceof ManagementAccess.Refused refused
                        ? refused.reason().toString()
                        : null;
                return steps.finishRun(runId, SyncOutcome.TOKEN_REFUSED, full, why, 0, 0, 0);
            }
            GraphGateway graph = granted.gateway();
            boolean freshToken = false;
            while (true) {
                GraphAnswer<DeltaPage> answer =
                        graph.send(new UsersDelta(link, Math.max(1, Math.min(pageSize, GraphRequest.PAGE_SIZE))));
                requests++;
                if ((answer.status() == 401 || answer.status() == 403) && !freshToken) {
                    // A cached token carries the permissions of when it was issued: decide with today's.
                    freshToken = true;
                    ManagementAccess.Access fresh = access.chatOpsAppOnly(connection.getTenantId(), true);
                    if (!(fresh instanceof ManagementAccess.Granted again)) {
                        String why = fresh instanceof ManagementAccess.Refused refused
                                ? refused.reason().toString()
                                : null;
                        return steps.finishRun(runId, SyncOutcome.TOKEN_REFUSED, full, why, requests, changed, removed);
                    }
                    graph = again.gateway();
                    continue;
                }
                if (UsersDelta.resyncRequired(answer) && link != null && !resynced) {
                    // Graph no longer knows the link: read every user again, in this run.
                    resynced = true;
                    full = true;
                    link = null;
                    steps.forgetSeen(runId);
                    intoEmptyCopy = steps.copyEmpty(connectionId);
                    assumeNew = intoEmptyCopy;
                    continue;
                }
                if (answer.status() == 403) {
                    return steps.finishRun(
                            runId,
                            SyncOutcome.PERMISSION_MISSING,
                            full,
                            answer.errorText(),
                            requests,
                            changed,
                            removed);
                }
                DeltaPage page = answer.ok() ? answer.value() : null;
                if (page == null || answer.unreadable()) {
                    return steps.finishRun(
                            runId,
                            SyncOutcome.FAILED,
                            full,
                            "Graph answered " + answer.status() + " " + answer.errorText(),
                            requests,
                            changed,
                            removed);
                }
                int[] counts;
                try {
                    counts = steps.applyPage(connectionId, runId, ++pages, page.users(), assumeNew);
                } catch (MappingRepository.AlreadyStored twice) {
                    // Graph named a user again within the round: the page (rolled back) and the rest compare.
                    assumeNew = false;
                    counts = steps.applyPage(connectionId, runId, pages, page.users(), false);
                }
                changed += counts[0];
                removed += counts[1];
                if (page.nextLink() != null) {
                    link = page.nextLink();
                    continue;
                }
                if (page.deltaLink() == null) {
                    return steps.finishRun(runId, SyncOutcome.FAILED, full, "no deltaLink", requests, changed, removed);
                }
                removed += steps.completeRound(connectionId, runId, full && !intoEmptyCopy, page.deltaLink());
                break;
            }
            long siteId = connection.getSiteId();
            long[] people = mappingService.personIds(siteId).orElse(new long[] {1, 0});
            for (long after = people[0] - 1; after < people[1]; after += MappingService.PERSON_IDS_PER_WINDOW) {
                mappingService.recomputeWindow(
                        connectionId, siteId, after, Math.min(people[1], after + MappingService.PERSON_IDS_PER_WINDOW));
            }
            return steps.finishRun(
                    runId,
                    resynced ? SyncOutcome.RESYNCED : SyncOutcome.DONE,
                    full,
                    resynced ? "Graph answered 410 resyncRequired: every user read again" : null,
                    requests,
                    changed,
                    removed);
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "Directory sync of connection " + connectionId + " failed: " + e);
            return steps.finishRun(runId, SyncOutcome.FAILED, full, e.getMessage(), requests, changed, removed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return steps.finishRun(runId, SyncOutcome.FAILED, full, "interrupted", requests, changed, removed);
        }
    }
}
