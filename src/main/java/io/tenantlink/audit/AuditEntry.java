package io.tenantlink.audit;

import io.tenantlink.platform.text.Text;
import java.time.Instant;
import java.util.Objects;

/**
 * The content of one audit record, without its place in the chain. Kept free of secrets:
 * callers pass names and ids, never tokens or passwords.
 */
public record AuditEntry(
        Instant occurredAt,
        String actor,
        AuditAction action,
        AuditOutcome outcome,
        Long siteId,
        String tenantId,
        String subject,
        String detail) {

    public AuditEntry {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        subject = Text.clip(subject, 255);
        detail = Text.clip(detail, 2000);
        actor = Text.clip(actor, 200);
    }

    /** An event happening now that concerns no Microsoft tenant (portal accounts, sites, projects). */
    public static AuditEntry now(
            String actor, AuditAction action, AuditOutcome outcome, Long siteId, String subject, String detail) {
        return new AuditEntry(
                io.tenantlink.platform.Clock.now(), actor, action, outcome, siteId, null, subject, detail);
    }
}
