package io.tenantlink.auditing;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import java.time.Instant;

/**
 * One audit record as the grant history shows it: ids named (site, tenant, account, app), the event and outcome as
 * enums the page words through the bundle, and the record as kept (actor, subject, detail, hashes).
 *
 * @param actorName how people read the actor
 * @param account the portal account's username, when a portal account acted
 * @param appKey the app or feature the record concerns, when it names one ({@code feature.KEY.name} names it)
 */
public record AuditRecordView(
        long seq,
        Instant occurredAt,
        String actor,
        String actorName,
        String account,
        AuditAction action,
        AuditOutcome outcome,
        Long siteId,
        String siteName,
        String tenantId,
        String tenantName,
        String appKey,
        String subject,
        String detail,
        String previousHash,
        String hash) {

    static AuditRecordView of(AuditRecord record, AuditNames names) {
        return new AuditRecordView(
                record.getSeq(),
                record.getOccurredAt(),
                record.getActor(),
                names.actor(record.getActor()),
                AuditNames.account(record.getActor()),
                record.getAction(),
                record.getOutcome(),
                record.getSiteId(),
                names.site(record.getSiteId()),
                record.getTenantId(),
                names.tenant(record.getTenantId()),
                names.app(record.getSubject(), record.getDetail()).orElse(null),
                record.getSubject(),
                record.getDetail(),
                record.getPrevHash(),
                record.getHash());
    }

    /** The message key naming the app, or null. */
    public String appNameKey() {
        return appKey == null ? null : "feature." + appKey + ".name";
    }

    /** The outcome's badge style. */
    public String outcomeStyle() {
        return "badge-" + outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}
