package io.tenantlink.ledger;

import io.tenantlink.account.ActorNames;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditRecord;
import io.tenantlink.connection.TenantConnection;
import io.tenantlink.platform.web.Messages;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Locale;

/** Reads a connection's consent timeline from its audit records (the ledger's and the consent doctor's). */
@ApplicationScoped
public class ConsentTimelines {

    @Inject
    AuditLog auditLog;

    @Inject
    ActorNames actorNames;

    public ConsentTimelineView of(TenantConnection connection) {
        List<AuditRecord> records = TenantAuditRecords.of(auditLog, connection, r -> switch (r.getAction()) {
            case CONSENT_CONFIRMED,
                    APPROVAL_LINK_APPROVED,
                    CONSENT_DRIFT,
                    CONSENT_REVOKED,
                    CONSENT_REMOVED,
                    CONNECTION_ATTENTION_CLEARED -> true;
            default -> false;
        });
        var names = actorNames.of(records.stream().map(AuditRecord::getActor).toList());
        List<ConsentTimeline.Event> events = ConsentTimeline.events(
                records,
                key -> Messages.get(Locale.ENGLISH, "doctor.feature." + key),
                names,
                (key, args) -> Messages.get(Locale.ENGLISH, key, args));
        return ConsentTimeline.layout(events);
    }
}
