package io.tenantlink.grants;

import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.microsoft.GraphGateway;
import io.tenantlink.microsoft.GraphRequest.ServicePrincipalByAppId;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.microsoft.MicrosoftClients;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.concurrent.WorkLeases;
import io.tenantlink.platform.web.Messages;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts, runs, cancels and resumes limited-user approval jobs in the background.
 *
 * <p>Token: a job runs with a Graph gateway the caller hands over: the admin's delegated token from the incremental
 * sign-in (kept in memory for the run only, never stored), or, when none is at hand (a restart), an app-only token of
 * the consent-management app ({@link ManagementAccess#appOnly}) if the tenant consented to it; otherwise the job
 * waits, QUEUED, for the admin to sign in again ({@link #resume}).
 *
 * <p>Threads: the job itself on the container's ManagedExecutorService, where every database call happens; its
 * concurrent $batch requests on a small pool of {@link #CONCURRENCY} daemon threads that only do HTTP (the default
 * managed executor's small pool and queue would serialise them, and container context is not needed for HTTP).
 *
 * <p>Several instances: a job runs on the instance that holds its lease ({@link WorkLeases}, "grant-job:&lt;id&gt;"),
 * renewed while it runs. When that instance dies, another one finds the RUNNING job's lease run out
 * ({@link #takeOverOrphans}, every {@link GrantJobTakeover} tick) and resumes it with an app-only token as a restart
 * would: only the users still PENDING, and the engine reads each user's grant before writing it, so a user whose grant
 * was written but not yet recorded gets no second one.
 */
@ApplicationScoped
public class GrantJobService {

    private static final Logger LOG = Logger.getLogger(GrantJobService.class.getName());

    /** Concurrent $batch requests per job: 4 x 20 writes in flight stays well inside Graph's per-app limits. */
    public static final int CONCURRENCY = 4;

    @Resource
    ManagedExecutorService executor;

    @Inject
    GrantJobStore store;

    @Inject
    FeatureApps featureApps;

    @Inject
    ManagementAccess management;

    @Inject
    MicrosoftClients clients;

    @Inject
    WorkLeases leases;

    private static final URI DISCOVERY =
            URI.create("https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration");

    private final Set<Long> active = ConcurrentHashMap.newKeySet();

    /** The delegated scopes the job's token needs (the admin signs in for them: incremental consent). */
    public static final Set<String> TOKEN_SCOPES = Set.of(
            "openid",
            "profile",
            "Application.ReadWrite.All",
            "DelegatedPermissionGrant.ReadWrite.All",
            "AppRoleAssignment.ReadWrite.All",
            "Directory.Read.All");

    /** Checks the request, records the job and its users, and starts it with this Graph gateway (the token stays in memory). */
    public GrantJob start(long siteId, String tenantId, GrantRequest request, String requestedBy, GraphGateway graph) {
        GrantJob job = prepare(siteId, tenantId, request, requestedBy);
        submit(job.id, graph);
        return job;
    }

    /** Checks the request and records the job QUEUED, waiting for the admin's sign-in ({@link #resume}). */
    public GrantJob prepare(long siteId, String tenantId, GrantRequest request, String requestedBy) {
        String clientAppId = featureApps
                .clientId(request.feature())
                .orElseThrow(() -> new InvalidInputException("grants.error.notConfigured"));
        if (store.running(tenantId, clientAppId)) {
            throw new InvalidInputException("grants.error.jobRunning");
        }
        GrantJob job = store.create(siteId, tenantId, request, clientAppId, requestedBy);
        store.park(job.id, text("grants.detail.waitingForSignIn"));
        return job;
    }

    /** Resumes a QUEUED (or interrupted) job with a new token, e.g. after the admin signed in again. */
    public boolean resume(long jobId, GraphGateway graph) {
        GrantJob job = store.job(jobId).orElse(null);
        if (job == null || job.status.finished() || active.contains(jobId)) {
            return false;
        }
        return submit(jobId, graph);
    }

    /** Whether the job runs now, in this process or on another instance (a sign-in would not be needed). */
    public boolean active(long jobId) {
        return active.contains(jobId) || leases.live(leaseName(jobId));
    }

    static String leaseName(long jobId) {
        return "grant-job:" + jobId;
    }

    public boolean cancel(long jobId, String actor) {
        return store.requestCancel(jobId, actor);
    }

    /** At start-up: interrupted jobs resume with an app-only token where the tenant allows it, else wait for sign-in. */
    public void resumeAfterRestart() {
        try {
            awaitIdentityPlatform();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (GrantJob job : store.unfinished()) {
            // Only jobs that ran (their admin signed in); one still waiting for its first sign-in keeps waiting.
            if (active.contains(job.id) || job.startedAt == null) {
                continue;
            }
            if (!resumeOne(job.id, null)) {
                return;
            }
        }
    }

    /**
     * Every instance, every {@link WorkLeases#checkEvery}: RUNNING jobs that no instance holds (their instance died, or
     * lost the database for longer than a lease), and QUEUED ones whose lease ran out unreleased (their instance died
     * between parking the job and releasing it) are resumed here, with an app-only token as after a restart.
     */
    public void takeOverOrphans() {
        for (GrantJob job : store.unfinished()) {
            if (job.startedAt == null || active.contains(job.id)) {
                continue;
            }
            boolean orphan = job.status == GrantJobStatus.RUNNING
                    ? leases.free(leaseName(job.id))
                    : leases.abandoned(leaseName(job.id));
            if (!orphan) {
                continue;
            }
            LOG.info(() -> "Limited-user approval job " + job.id + ": its instance stopped renewing its lease; taking"
                    + " it over");
            if (!resumeOne(job.id, job.status)) {
                return;
            }
        }
    }

    /**
     * Takes the job's lease and resumes it with an app-only token, or parks it; false when interrupted. {@code
     * expected}: a takeover's status as it found the job; a job whose status changed meanwhile is left alone.
     */
    private boolean resumeOne(long jobId, GrantJobStatus expected) {
        String lease = leaseName(jobId);
        if (!leases.take(lease)) {
            return true; // another instance has it
        }
        GrantJob job = store.job(jobId).orElse(null);
        if (job == null
                || job.status.finished()
                || (expected != null && job.status != expected)
                || active.contains(jobId)) {
            if (!active.contains(jobId)) {
                leases.release(lease);
            }
            return true;
        }
        try {
            ManagementAccess.Access access = appOnly(job.tenantId);
            // Null: Microsoft did not answer; false: no token, or one without the application permissions.
            Boolean permitted = access instanceof ManagementAccess.Granted granted
                    ? permitted(granted.gateway(), job.clientAppId)
                    : access == null ? null : Boolean.FALSE;
            if (Boolean.TRUE.equals(permitted)) {
                LOG.info(() ->
                        "Resuming limited-user approval job " + job.id + " (" + job.remaining() + " users pending)");
                // False only when a sign-in started it here meanwhile: that run holds the lease now.
                submit(job.id, ((ManagementAccess.Granted) access).gateway());
            } else if (active.contains(job.id)) {
                // an admin's sign-in started it here meanwhile: that run holds the lease now
            } else if (permitted == null) {
                store.park(job.id, text("grants.detail.restartNoAnswer", job.remaining()));
                leases.release(lease);
            } else {
                store.park(job.id, text("grants.detail.restartSignIn", job.remaining()));
                leases.release(lease);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!active.contains(jobId)) {
                leases.release(lease);
            }
            return false;
        }
        return true;
    }

    /**
     * The resumer runs while the server is still deploying, and Microsoft (or a stand-in served by this very server)
     * may not answer yet: when there is a job to resume, wait (five minutes at most) until the identity platform's
     * discovery document answers, or every job would wait for a sign-in after each restart.
     */
    private void awaitIdentityPlatform() throws InterruptedException {
        if (store.unfinished().stream().noneMatch(job -> job.startedAt != null)) {
            return;
        }
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(clients.routing().route(DISCOVERY))
                .timeout(Duration.ofSeconds(5))
                .build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not serving yet
            }
            Thread.sleep(1000);
        }
    }

    /**
     * The consent-management app's app-only token, or null when Microsoft did not answer. At start-up the identity
     * platform may not answer at once (a stand-in may be served by this very server, still deploying): a few tries, spaced.
     */
    private ManagementAccess.Access appOnly(String tenantId) throws InterruptedException {
        long pause = 1000;
        for (int attempt = 1; ; attempt++) {
            try {
                // A fresh token: one cached before the restart may predate the tenant's consent (or its withdrawal).
                return management.appOnly(tenantId, true);
            } catch (IOException e) {
                if (attempt >= 6) {
                    LOG.log(Level.WARNING, "No app-only token for " + tenantId + " to resume approval jobs", e);
                    return null;
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 16_000);
            }
        }
    }

    /**
     * Whether an app-only token may do the job's reads: Entra issues one to any app whose service principal is in the
     * tenant, with no roles unless an admin granted its application permissions; Graph then answers 403. Null: no answer.
     */
    private static Boolean permitted(GraphGateway graph, String clientAppId) {
        try {
            int status = graph.send(new ServicePrincipalByAppId(clientAppId)).status();
            return status != 401 && status != 403;
        } catch (IOException e) {
            return null;
        }
    }

    static String text(String key, Object... args) {
        return Messages.get(Locale.ENGLISH, key, args);
    }

    /** Runs the job here when this instance holds or takes its lease; false when it runs here or elsewhere already. */
    private boolean submit(long jobId, GraphGateway graph) {
        if (!active.add(jobId)) {
            return false;
        }
        String lease = leaseName(jobId);
        // Taken already when resumed after a restart or taken over (resumeOne).
        if (!leases.holds(lease) && !leases.take(lease)) {
            active.remove(jobId);
            return false;
        }
        try {
            executor.execute(() -> {
                try {
                    run(jobId, graph);
                } finally {
                    active.remove(jobId);
                    if (leases.holds(lease)) {
                        leases.release(lease);
                    }
                }
            });
        } catch (RuntimeException e) {
            active.remove(jobId);
            leases.release(lease);
            throw e;
        }
        return true;
    }

    /** The job's run; the Graph gateway (and so the token) is dropped when it returns. */
    void run(long jobId, GraphGateway graph) {
        GrantJob job = store.job(jobId).orElseThrow();
        if (job.cancelRequested) {
            store.finish(jobId, GrantJobStatus.CANCELLED, text("grants.detail.cancelled"));
            return;
        }
        store.markRunning(jobId);
        if (job.groupId != null && job.total == 0) {
            try {
                GroupMembers.Resolved members =
                        GroupMembers.resolve(GrantGraph.of(graph), job.groupId, GrantRequest.MAX_USERS);
                if (members.refusal() != null) {
                    store.finish(jobId, GrantJobStatus.FAILED, members.refusal());
                    return;
                }
                store.addUsers(jobId, members.userIds());
            } catch (GrantEngine.TokenRefused e) {
                store.park(jobId, text("grants.detail.tokenRefused", job.remaining()));
                return;
            } catch (IOException e) {
                store.park(jobId, text("grants.detail.groupUnreadable", e.getMessage()));
                return;
            }
        }
        List<String> pending = store.pendingUsers(jobId);
        // The batch senders only do HTTP (the Graph SDK over OkHttp): plain daemon threads. Every database call stays
        // on this managed
        // thread.
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "grant-job-" + jobId + "-batches");
            t.setDaemon(true);
            return t;
        });
        try {
            GrantEngine engine = new GrantEngine(GrantGraph.of(graph), pool, CONCURRENCY);
            GrantEngine.Summary summary = engine.run(
                    new GrantEngine.Target(job.clientAppId, GrantPlanner.split(job.scopes)),
                    pending,
                    new GrantEngine.Progress() {
                        @Override
                        public boolean cancelled() {
                            // Another instance took the job over (this one lost its lease): stop here.
                            return !leases.holds(leaseName(jobId)) || store.cancelRequested(jobId);
                        }

                        @Override
                        public void record(List<UserResult> results) {
                            store.record(jobId, results);
                        }
                    });
            if (!leases.holds(leaseName(jobId))) {
                LOG.warning(() -> "Limited-user approval job " + jobId + ": this instance no longer holds its lease"
                        + " (stopping, or another instance took the job over); stopped here, left to the next owner");
            } else if (summary.cancelled()) {
                store.finish(jobId, GrantJobStatus.CANCELLED, text("grants.detail.cancelledMidway", remaining(jobId)));
            } else if (remaining(jobId) > 0) {
                // DONE only when every user has a recorded result; otherwise resumable, never silently short.
                LOG.warning(() -> "Limited-user approval job " + jobId + " ended with " + remaining(jobId)
                        + " users without a recorded result; left to resume");
                store.park(jobId, text("grants.detail.internal", "users without a result", remaining(jobId)));
            } else {
                store.finish(jobId, GrantJobStatus.DONE, null);
            }
        } catch (GrantEngine.Refused e) {
            store.finish(jobId, GrantJobStatus.FAILED, e.getMessage());
        } catch (GrantEngine.TokenRefused e) {
            // Pending users stay PENDING: the admin signs in again (and consents again if the consent was revoked).
            LOG.warning(() -> "Limited-user approval job " + jobId + " stopped: " + e.getMessage());
            store.park(jobId, text("grants.detail.tokenRefused", remaining(jobId)));
        } catch (GrantEngine.NotPermitted e) {
            LOG.warning(() -> "Limited-user approval job " + jobId + " stopped: " + e.getMessage());
            store.park(jobId, text("grants.detail.notPermitted", e.getMessage(), remaining(jobId)));
        } catch (java.io.InterruptedIOException e) {
            Thread.currentThread().interrupt();
            store.park(jobId, text("grants.detail.interrupted", remaining(jobId)));
        } catch (IOException e) {
            // Pending users stay PENDING: resumable with a new token.
            LOG.log(Level.WARNING, "Limited-user approval job " + jobId + " stopped", e);
            store.park(jobId, text("grants.detail.stopped", e.getMessage(), remaining(jobId)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.park(jobId, text("grants.detail.interrupted", remaining(jobId)));
        } catch (RuntimeException e) {
            // Not the users' fault, and often the portal stopping under the job (its database closing): the pending
            // users
            // stay pending and the job resumable, never FAILED for this. If even that cannot be written, the job stays
            // RUNNING in the database, which a restart resumes too.
            LOG.log(Level.SEVERE, "Limited-user approval job " + jobId + " stopped by an internal error", e);
            try {
                store.park(jobId, text("grants.detail.internal", e.getClass().getSimpleName(), remaining(jobId)));
            } catch (RuntimeException again) {
                LOG.log(
                        Level.WARNING,
                        "Limited-user approval job " + jobId + " left as it was (resumed after a restart)",
                        again);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int remaining(long jobId) {
        return store.job(jobId).map(GrantJob::remaining).orElse(0);
    }

    /** Progress as the page polls it; {@code detail} says why a job waits or how it ended. */
    public Map<String, Object> progress(long jobId) {
        GrantJob job = store.job(jobId).orElseThrow();
        Map<String, Object> progress = new LinkedHashMap<>(Map.of(
                "status",
                job.status.name(),
                "total",
                job.total,
                "created",
                job.created,
                "updated",
                job.updated,
                "skipped",
                job.skipped,
                "failed",
                job.failed,
                "remaining",
                job.remaining()));
        if (job.statusDetail != null) {
            progress.put("detail", job.statusDetail);
        }
        return progress;
    }
}
