package io.tenantlink.doctor;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.connection.ConnectionStatus;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.platform.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Records one check of a connection in one transaction: the per-feature rows, the drift against the
 * previous rows (audited), and the connection's needs-attention flag (set or cleared, audited). Rows
 * and connection carry versions, so when two instances (or a timer and a Check now) record the same
 * connection at once, the second commit fails and nothing of it (no audit record) is kept.
 */
@ApplicationScoped
public class ConsentCheckStore {

    @PersistenceContext(unitName = "tenantlink")
    EntityManager em;

    @Inject
    AuditLog auditLog;

    public record Recorded(
            List<FeatureCheck> checks,
            List<Drift.Change> changes,
            Optional<Attention> attention,
            boolean attentionChanged) {}

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Recorded record(long connectionId, List<FeatureCheck> checks, String actor, boolean manual) {
        Instant now = Clock.now();
        TenantConnection connection = em.find(TenantConnection.class, connectionId);
        if (connection == null) {
            throw new IllegalArgumentException("no connection " + connectionId);
        }
        Map<String, ConsentCheckRow> rows = rowsOf(connectionId).stream()
                .collect(Collectors.toMap(ConsentCheckRow::getFeatureKey, r -> r, (a, b) -> a, LinkedHashMap::new));
        Map<String, FeatureCheck> previous = new LinkedHashMap<>();
        rows.forEach((k, r) -> previous.put(k, r.toCheck()));

        for (FeatureCheck check : checks) {
            ConsentCheckRow row = rows.get(check.featureKey());
            if (row == null) {
                em.persist(new ConsentCheckRow(connectionId, check, now, actor));
            } else {
                row.update(check, now, actor);
            }
        }
        List<Drift.Change> changes = Drift.between(previous, checks);
        for (Drift.Change change : changes) {
            AuditAction action =
                    change.kind() == Drift.Kind.REVOKED ? AuditAction.CONSENT_REVOKED : AuditAction.CONSENT_DRIFT;
            auditLog.record(entry(
                    actor,
                    action,
                    change.loss() ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS,
                    connection,
                    change.detail()));
        }

        Optional<Attention> existing =
                Optional.ofNullable(connection.getAttentionReason()).flatMap(r -> attention(connection));
        Optional<Attention> decided = Attention.decide(checks, changes, existing);
        boolean changed = false;
        if (connection.getStatus() == ConnectionStatus.ACTIVE) {
            if (decided.isPresent() && !decided.equals(existing)) {
                Attention a = decided.get();
                connection.needsAttention(a.reason().name(), a.featureKey(), a.detail(), now);
                auditLog.record(entry(
                        actor,
                        AuditAction.CONNECTION_NEEDS_ATTENTION,
                        AuditOutcome.FAILURE,
                        connection,
                        a.reason() + " feature " + a.featureKey() + (a.detail().isEmpty() ? "" : ": " + a.detail())));
                changed = true;
            } else if (decided.isEmpty() && existing.isPresent()) {
                connection.clearAttention();
                auditLog.record(entry(
                        actor,
                        AuditAction.CONNECTION_ATTENTION_CLEARED,
                        AuditOutcome.SUCCESS,
                        connection,
                        "was " + existing.get().reason() + " feature "
                                + existing.get().featureKey()));
                changed = true;
            }
        }
        if (manual) {
            auditLog.record(entry(
                    actor,
                    AuditAction.CONSENT_CHECKED,
                    AuditOutcome.SUCCESS,
                    connection,
                    checks.stream().map(c -> c.featureKey() + " " + c.status()).collect(Collectors.joining(", "))));
        }
        em.flush();
        return new Recorded(checks, changes, decided, changed);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentCheckRow> rowsOf(long connectionId) {
        return em.createQuery(
                        "select r from ConsentCheckRow r where r.connectionId = :c order by r.id",
                        ConsentCheckRow.class)
                .setParameter("c", connectionId)
                .getResultList();
    }

    /** The last checks of these connections (one query, for a site's consent matrix). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ConsentCheckRow> rowsOf(java.util.Collection<Long> connectionIds) {
        if (connectionIds.isEmpty()) {
            return List.of();
        }
        return em.createQuery(
                        "select r from ConsentCheckRow r where r.connectionId in :c order by r.id",
                        ConsentCheckRow.class)
                .setParameter("c", connectionIds)
                .getResultList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Long> activeConnectionIds() {
        return new ArrayList<>(
                em.createQuery("select c.id from TenantConnection c where c.status = :active order by c.id", Long.class)
                        .setParameter("active", ConnectionStatus.ACTIVE)
                        .getResultList());
    }

    /** A check that could not read the tenant, audited alone (a Check now; the timer only logs). */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void failed(String actor, TenantConnection connection, String detail) {
        auditLog.recordAlone(entry(actor, AuditAction.CONSENT_CHECK_FAILED, AuditOutcome.FAILURE, connection, detail));
    }

    static Optional<Attention> attention(TenantConnection connection) {
        try {
            return Optional.of(new Attention(
                    Attention.Reason.valueOf(connection.getAttentionReason()),
                    connection.getAttentionFeature(),
                    connection.getAttentionDetail()));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static AuditEntry entry(
            String actor, AuditAction action, AuditOutcome outcome, TenantConnection connection, String detail) {
        return new AuditEntry(
                Clock.now(),
                actor,
                action,
                outcome,
                connection.getSiteId(),
                connection.getTenantId(),
                "connection " + connection.getId(),
                detail);
    }
}
