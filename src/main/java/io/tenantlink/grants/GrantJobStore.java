package io.tenantlink.grants;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.Clock;
import io.tenantlink.platform.text.Text;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;

/**
 * Jobs and their users in the database. Every batch's results are one transaction: the users' rows, the job's
 * counts and an audit record per grant written, changed or refused, together, so what the page shows, what the
 * audit history says and what a restart resumes always agree. Reads run in a transaction too (no non-transactional
 * entity managers on the job's background thread).
 */
@ApplicationScoped
@Transactional
public class GrantJobStore {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    @Inject
    AuditLog audit;

    public GrantJob create(long siteId, String tenantId, GrantRequest request, String clientAppId, String requestedBy) {
        GrantJob job = new GrantJob();
        job.siteId = siteId;
        job.tenantId = tenantId;
        job.featureKey = request.feature().key();
        job.clientAppId = clientAppId;
        job.scopes = request.scopeText();
        job.requestedBy = requestedBy;
        job.groupId = request.groupId();
        job.status = GrantJobStatus.QUEUED;
        job.total = request.userIds().size();
        job.createdAt = Clock.now();
        em.persist(job);
        em.flush();
        int seq = 0;
        for (String user : request.userIds()) {
            GrantJobUser row = new GrantJobUser();
            row.jobId = job.id;
            row.userId = user;
            row.seqNo = seq++;
            row.status = GrantOutcome.PENDING;
            row.updatedAt = job.createdAt;
            em.persist(row);
            if (seq % 500 == 0) {
                em.flush();
                em.clear();
            }
        }
        audit.record(new AuditEntry(
                Clock.now(),
                requestedBy,
                AuditAction.GRANT_JOB_STARTED,
                AuditOutcome.SUCCESS,
                siteId,
                tenantId,
                "job " + job.id,
                "app " + clientAppId + " (" + job.featureKey + "), "
                        + (job.groupId == null ? job.total + " users" : "members of group " + job.groupId)
                        + ", scopes: " + job.scopes));
        return em.find(GrantJob.class, job.id);
    }

    /** The group's members become the job's users (once: a resumed job keeps the list it resolved). */
    public void addUsers(long jobId, List<String> userIds) {
        GrantJob job = em.find(GrantJob.class, jobId);
        if (job.total > 0) {
            return;
        }
        java.time.Instant now = Clock.now();
        int seq = 0;
        for (String user : userIds) {
            GrantJobUser row = new GrantJobUser();
            row.jobId = jobId;
            row.userId = user;
            row.seqNo = seq++;
            row.status = GrantOutcome.PENDING;
            row.updatedAt = now;
            em.persist(row);
        }
        job.total = userIds.size();
    }

    public Optional<GrantJob> job(long id) {
        return Optional.ofNullable(em.find(GrantJob.class, id));
    }

    public List<GrantJob> unfinished() {
        return em.createQuery("select j from GrantJob j where j.status in :s order by j.id", GrantJob.class)
                .setParameter("s", List.of(GrantJobStatus.QUEUED, GrantJobStatus.RUNNING))
                .getResultList();
    }

    public List<GrantJob> ofTenant(long siteId, String tenantId, int max) {
        return em.createQuery(
                        "select j from GrantJob j where j.siteId = :s and j.tenantId = :t order by j.id desc",
                        GrantJob.class)
                .setParameter("s", siteId)
                .setParameter("t", tenantId)
                .setMaxResults(max)
                .getResultList();
    }

    public void forEachUser(long jobId, java.util.function.Consumer<GrantJobUser> consumer) {
        for (int offset = 0; ; offset += 1000) {
            List<GrantJobUser> page = users(jobId, offset, 1000);
            page.forEach(consumer);
            if (page.size() < 1000) {
                return;
            }
        }
    }

    /** The stored names of these users of the job (ids without a stored name are absent). */
    public java.util.Map<String, GrantJobUserName> names(long jobId, java.util.Collection<String> userIds) {
        java.util.Map<String, GrantJobUserName> names = new java.util.HashMap<>();
        List<String> ids = List.copyOf(new java.util.LinkedHashSet<>(userIds));
        for (int from = 0; from < ids.size(); from += 500) {
            em.createQuery(
                            "select n from GrantJobUserName n where n.jobId = :j and n.userId in :ids",
                            GrantJobUserName.class)
                    .setParameter("j", jobId)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .getResultList()
                    .forEach(n -> names.put(n.userId, n));
        }
        return names;
    }

    /** Keeps names the directory gave (or none, for ids it did not know); ids named meanwhile are left as they are. */
    public void saveNames(long jobId, java.util.Map<String, GrantJobUserName> names) {
        java.util.Set<String> known = names(jobId, names.keySet()).keySet();
        for (GrantJobUserName name : names.values()) {
            if (!known.contains(name.userId)) {
                name.jobId = jobId;
                name.displayName = Text.clip(name.displayName, 256);
                name.userPrincipalName = Text.clip(name.userPrincipalName, 256);
                em.persist(name);
            }
        }
    }

    public boolean running(String tenantId, String clientAppId) {
        return !em.createQuery(
                        "select j.id from GrantJob j where j.tenantId = :t and j.clientAppId = :c and j.status in :s",
                        Long.class)
                .setParameter("t", tenantId)
                .setParameter("c", clientAppId)
                .setParameter("s", List.of(GrantJobStatus.QUEUED, GrantJobStatus.RUNNING))
                .setMaxResults(1)
                .getResultList()
                .isEmpty();
    }

    public List<String> pendingUsers(long jobId) {
        return em.createQuery(
                        "select u.userId from GrantJobUser u where u.jobId = :j and u.status = :p order by u.seqNo",
                        String.class)
                .setParameter("j", jobId)
                .setParameter("p", GrantOutcome.PENDING)
                .getResultList();
    }

    public List<GrantJobUser> users(long jobId, int offset, int limit) {
        return em.createQuery("select u from GrantJobUser u where u.jobId = :j order by u.seqNo", GrantJobUser.class)
                .setParameter("j", jobId)
                .setFirstResult(offset)
                .setMaxResults(limit)
                .getResultList();
    }

    public boolean cancelRequested(long jobId) {
        return Boolean.TRUE.equals(
                em.createQuery("select j.cancelRequested from GrantJob j where j.id = :j", Boolean.class)
                        .setParameter("j", jobId)
                        .getResultStream()
                        .findFirst()
                        .orElse(Boolean.TRUE));
    }

    public void markRunning(long jobId) {
        GrantJob job = em.find(GrantJob.class, jobId);
        job.status = GrantJobStatus.RUNNING;
        job.statusDetail = null;
        if (job.startedAt == null) {
            job.startedAt = Clock.now();
        }
    }

    /** Back to QUEUED with a reason (e.g. a restart left it without a token). */
    public void park(long jobId, String detail) {
        GrantJob job = em.find(GrantJob.class, jobId);
        if (!job.status.finished()) {
            job.status = GrantJobStatus.QUEUED;
            job.statusDetail = detail;
        }
    }

    /** Only an unfinished job can be cancelled; the running engine sees the flag before its next batch. */
    public boolean requestCancel(long jobId, String actor) {
        GrantJob job = em.find(GrantJob.class, jobId);
        if (job == null || job.status.finished()) {
            return false;
        }
        job.cancelRequested = true;
        if (job.status == GrantJobStatus.QUEUED) {
            finishNow(job, GrantJobStatus.CANCELLED, GrantJobService.text("grants.detail.cancelledBeforeRun", actor));
        }
        audit.record(new AuditEntry(
                Clock.now(),
                actor,
                AuditAction.GRANT_JOB_CANCELLED,
                AuditOutcome.SUCCESS,
                job.siteId,
                job.tenantId,
                "job " + job.id,
                job.done() + " of " + job.total + " users done"));
        return true;
    }

    /** One batch's results: user rows, job counts and audit records in one transaction. */
    public void record(long jobId, List<UserResult> results) {
        GrantJob job = em.find(GrantJob.class, jobId);
        for (UserResult r : results) {
            GrantJobUser row = em.find(GrantJobUser.class, new GrantJobUser.Key(jobId, r.userId()));
            if (row == null) {
                continue;
            }
            if (row.status != GrantOutcome.PENDING) {
                job.count(row.status, -1);
            }
            row.status = r.outcome();
            row.detail = clip(r.detail());
            row.scopesBefore = r.scopesBefore();
            row.scopesAfter = r.scopesAfter();
            row.updatedAt = Clock.now();
            job.count(r.outcome(), +1);
            AuditAction action = switch (r.outcome()) {
                case CREATED -> AuditAction.GRANT_CREATED;
                case UPDATED -> AuditAction.GRANT_UPDATED;
                case FAILED -> AuditAction.GRANT_FAILED;
                default -> null;
            };
            if (action != null) {
                audit.record(new AuditEntry(
                        Clock.now(),
                        job.requestedBy,
                        action,
                        r.outcome() == GrantOutcome.FAILED ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
                        job.siteId,
                        job.tenantId,
                        "user " + r.userId(),
                        "app " + job.clientAppId + " (" + job.featureKey + "), job " + job.id + ": scopes '"
                                + nullToEmpty(r.scopesBefore()) + "' -> '" + nullToEmpty(r.scopesAfter()) + "'"
                                + (r.detail() == null ? "" : "; " + r.detail())));
            }
        }
    }

    public void finish(long jobId, GrantJobStatus status, String detail) {
        GrantJob job = em.find(GrantJob.class, jobId);
        if (!job.status.finished()) {
            finishNow(job, status, detail);
        }
    }

    private void finishNow(GrantJob job, GrantJobStatus status, String detail) {
        job.status = status;
        job.statusDetail = clip(detail);
        job.finishedAt = Clock.now();
        audit.record(new AuditEntry(
                Clock.now(),
                job.requestedBy,
                AuditAction.GRANT_JOB_FINISHED,
                status == GrantJobStatus.FAILED ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
                job.siteId,
                job.tenantId,
                "job " + job.id,
                status + ": " + job.created + " created, " + job.updated + " updated, " + job.skipped + " skipped, "
                        + job.failed + " failed, " + job.remaining() + " not done"
                        + (detail == null ? "" : "; " + detail)));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String clip(String s) {
        return Text.clip(s, 1000);
    }
}
