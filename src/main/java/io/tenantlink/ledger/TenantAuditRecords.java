package io.tenantlink.ledger;

import io.tenantlink.audit.AuditFilter;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.connection.TenantConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** The audit records of one connection's tenant on its site that a view wants, oldest first. */
final class TenantAuditRecords {

    private TenantAuditRecords() {}

    static List<AuditRecord> of(AuditLog auditLog, TenantConnection connection, Predicate<AuditRecord> wanted) {
        long siteId = connection.getSiteId();
        AuditFilter filter = new AuditFilter(
                Set.of(siteId),
                false,
                siteId,
                connection.getTenantId(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        List<AuditRecord> records = new ArrayList<>();
        auditLog.forEach(filter, r -> {
            if (wanted.test(r)) {
                records.add(r);
            }
        });
        return records;
    }
}
