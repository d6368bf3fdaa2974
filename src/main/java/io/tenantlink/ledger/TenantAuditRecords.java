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
        // Its site's records (the caller's visibility), of this tenant.
        AuditFilter filter = AuditFilter.visible(Set.of(siteId), false).withTenant(connection.getTenantId());
        List<AuditRecord> records = new ArrayList<>();
        auditLog.forEach(filter, r -> {
            if (wanted.test(r)) {
                records.add(r);
            }
        });
        return records;
    }
}
