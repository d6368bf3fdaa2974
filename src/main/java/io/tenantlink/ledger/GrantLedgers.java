package io.tenantlink.ledger;

import io.tenantlink.account.AccountService;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.catalog.FeatureApps;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.doctor.ConsentCheckRow;
import io.tenantlink.doctor.ConsentCheckStore;
import io.tenantlink.platform.web.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads what a connection's grant ledger is made of (its audit records, the doctor's last checks, people's names). */
@ApplicationScoped
public class GrantLedgers {

    @Inject
    AuditLog auditLog;

    @Inject
    ConsentCheckStore checks;

    @Inject
    FeatureApps featureApps;

    @Inject
    AccountService accounts;

    public LedgerView of(TenantConnection connection) {
        List<AuditRecord> records = TenantAuditRecords.of(auditLog, connection, GrantLedger::relevant);
        Map<String, GrantLedger.Check> last = new HashMap<>();
        for (ConsentCheckRow row : checks.rowsOf(connection.getId())) {
            last.put(row.getFeatureKey(), new GrantLedger.Check(row.toCheck(), row.getCheckedAt()));
        }
        Map<String, String> people = accounts.displayNames(GrantLedger.accounts(records));
        return GrantLedger.build(featureApps.catalog(), records, last, actor -> plain(actor, people));
    }

    /** An account's display name, TenantLink for its own timers, else the actor as kept (a Microsoft account's name). */
    static String plain(String actor, Map<String, String> people) {
        if (actor.startsWith("portal:")) {
            String username = actor.substring("portal:".length());
            return people.getOrDefault(username, username);
        }
        if (actor.equals("system") || actor.startsWith("system:")) {
            return Messages.get(Locale.ENGLISH, "audit.actor.system");
        }
        return actor;
    }
}
