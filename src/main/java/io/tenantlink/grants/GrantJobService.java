package io.tenantlink.grants;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.microsoft.GraphClient;
import io.tenantlink.microsoft.ManagementAccess;
import io.tenantlink.platform.InvalidInputException;

/**
 * Starts, runs, cancels and resumes limited-user approval jobs in the background.
 *
 * <p>Token: a job runs with a Graph client the caller hands over: the admin's delegated token from the incremental
 * sign-in (kept in memory for the run only, never stored), or, when none is at hand (a restart), an app-only token of
 * the consent-management app ({@link ManagementAccess#appOnly}) if the tenant consented to it; otherwise the job
 * waits, QUEUED, for the admin to sign in again ({@link #resume}).
 *
 * <p>Threads: the job itself on the container's ManagedExecutorService, where every database call happens; its
 * concurrent $batch requests on a small pool of {@link #CONCURRENCY} daemon threads that only do HTTP (the default
 * managed executor's small pool and queue would serialise them, and container context is not needed for HTTP).
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

    private final Set<Long> active = ConcurrentHashMap.newKeySet();

    /** The delegated scopes the job's token needs (the admin signs in for them: incremental consent). */
    public static final Set<String> TOKEN_SCOPES = Set.of("openid", "profile", "Application.ReadWrite.All",
            "DelegatedPermissionGrant.ReadWrite.All", "AppRoleAssignment.ReadWrite.All", "Directory.Read.All");

    /** Checks the request, records the job and its users, and starts it with this Graph client (the token stays in memory). */
    public GrantJob start(long siteId, String tenantId, GrantRequest request, String requestedBy, GraphClient graph) {
        GrantJob job = prepare(siteId, tenantId, request, requestedBy);
        submit(job.id, graph);
        return job;
    }

    /** Checks the request and records the job QUEUED, waiting for the admin's sign-in ({@link #resume}). */
    public GrantJob prepare(long siteId, String tenantId, GrantRequest request, String requestedBy) {
        String clientAppId = featureApps.clientId(request.feature()).orElseThrow(() -> new InvalidInputException("grants.error.notConfigured"));
        if (store.running(tenantId, clientAppId)) {
            throw new InvalidInputException("grants.error.jobRunning");
        }
        GrantJob job = store.create(siteId, tenantId, request, clientAppId, requestedBy);
        store.park(job.id, "Waiting for the administrator's sign-in.");
        return job;
    }

    /** Resumes a QUEUED (or interrupted) job with a new token, e.g. after the admin signed in again. */
    public boolean resume(long jobId, GraphClient graph) {
        GrantJob job = store.job(jobId).orElse(null);
        if (job == null || job.status.finished() || active.contains(jobId)) {
            return false;
        }
        submit(jobId, graph);
        return true;
    }

    public boolean cancel(long jobId, String actor) {
        return store.requestCancel(jobId, actor);
    }

    /** At start-up: interrupted jobs resume with an app-only token where the tenant allows it, else wait for sign-in. */
    public void resumeAfterRestart() {
        for (GrantJob job : store.unfinished()) {
            // Only jobs that ran (their admin signed in); one still waiting for its first sign-in keeps waiting.
            if (active.contains(job.id) || job.startedAt == null) {
                continue;
            }
            try {
                if (management.appOnly(job.tenantId) instanceof ManagementAccess.Granted granted) {
                    LOG.info(() -> "Resuming limited-user approval job " + job.id + " (" + store.pendingUsers(job.id).size() + " users pending)");
                    submit(job.id, granted.graph());
                } else {
                    store.park(job.id, "Interrupted by a restart: sign in again to resume.");
                }
            } catch (IOException e) {
                store.park(job.id, "Interrupted by a restart; Microsoft did not answer: sign in again to resume.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void submit(long jobId, GraphClient graph) {
        if (!active.add(jobId)) {
            return;
        }
        executor.execute(() -> {
            try {
                run(jobId, graph);
            } finally {
                active.remove(jobId);
            }
        });
    }

    /** The job's run; the Graph client (and so the token) is dropped when it returns. */
    void run(long jobId, GraphClient graph) {
        GrantJob job = store.job(jobId).orElseThrow();
        if (job.cancelRequested) {
            store.finish(jobId, GrantJobStatus.CANCELLED, "Cancelled.");
            return;
        }
        store.markRunning(jobId);
        if (job.groupId != null && job.total == 0) {
            try {
                GroupMembers.Resolved members = GroupMembers.resolve(GrantGraph.of(graph), job.groupId, GrantRequest.MAX_USERS);
                if (members.refusal() != null) {
                    store.finish(jobId, GrantJobStatus.FAILED, members.refusal());
                    return;
                }
                store.addUsers(jobId, members.userIds());
            } catch (IOException e) {
                store.park(jobId, "Stopped: the group's members could not be read (" + e.getMessage() + "). Sign in again to resume.");
                return;
            }
        }
        List<String> pending = store.pendingUsers(jobId);
        // The batch senders only do HTTP (OkHttp): plain daemon threads. Every database call stays on this managed thread.
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY, r -> {
            Thread t = new Thread(r, "grant-job-" + jobId + "-batches");
            t.setDaemon(true);
            return t;
        });
        try {
            GrantEngine engine = new GrantEngine(GrantGraph.of(graph), pool, CONCURRENCY);
            GrantEngine.Summary summary = engine.run(new GrantEngine.Target(job.clientAppId, GrantPlanner.split(job.scopes)), pending,
                    new GrantEngine.Progress() {
                        @Override
                        public boolean cancelled() {
                            return store.cancelRequested(jobId);
                        }

                        @Override
                        public void record(List<UserResult> results) {
                            store.record(jobId, results);
                        }
                    });
            store.finish(jobId, summary.cancelled() ? GrantJobStatus.CANCELLED : GrantJobStatus.DONE, null);
        } catch (GrantEngine.Refused e) {
            store.finish(jobId, GrantJobStatus.FAILED, e.getMessage());
        } catch (IOException e) {
            // Pending users stay PENDING: resumable with a new token.
            LOG.log(Level.WARNING, "Limited-user approval job " + jobId + " stopped", e);
            store.park(jobId, "Stopped: " + e.getMessage() + " Sign in again to resume.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.park(jobId, "Interrupted (the portal is stopping): it resumes after the restart.");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "Limited-user approval job " + jobId + " failed", e);
            store.finish(jobId, GrantJobStatus.FAILED, "Internal error: " + e.getClass().getSimpleName());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Progress as the page polls it. */
    public Map<String, Object> progress(long jobId) {
        GrantJob job = store.job(jobId).orElseThrow();
        return Map.of("status", job.status.name(), "total", job.total, "created", job.created, "updated", job.updated,
                "skipped", job.skipped, "failed", job.failed, "remaining", job.remaining());
    }
}
