package io.tenantlink.auditing;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.audit.AuditRecord;
import java.time.Instant;

/** One line of the Grant history page: what the table shows of an audit record (not its hashes). */
public record AuditRecordView(
        long seq,
        Instant occurredAt,
        String actor,
        AuditAction action,
        AuditOutcome outcome,
        Long siteId,
        String subject,
        String detail) {

    static AuditRecordView of(AuditRecord record) {
        return new AuditRecordView(
                record.getSeq(),
                record.getOccurredAt(),
                record.getActor(),
                record.getAction(),
                record.getOutcome(),
                record.getSiteId(),
                record.getSubject(),
                record.getDetail());
    }
}
