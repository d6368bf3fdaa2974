package io.tenantlink.audit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Writes and reads the grant history. Append-only: there is no way to change or remove a record. */
@ApplicationScoped
public class AuditLog {

    @Inject
    AuditRepository records;

    /** In the caller's transaction, so the record exists exactly when the change it describes does. */
    @Transactional(TxType.MANDATORY)
    public void record(AuditEntry entry) {
        records.append(entry);
    }

    /** For events with no change to go with them (refusals, failed logins): kept even when the request fails. */
    @Transactional(TxType.REQUIRES_NEW)
    public void recordAlone(AuditEntry entry) {
        records.append(entry);
    }

    /** A request refused at the door for its input (the platform's event): recorded alone, without the value. */
    @Transactional(TxType.REQUIRES_NEW)
    void inputRefused(@jakarta.enterprise.event.Observes io.tenantlink.platform.web.InputRefused refused) {
        records.append(AuditEntry.now(
                refused.actor(),
                AuditAction.ACCESS_REFUSED,
                AuditOutcome.REFUSED,
                null,
                refused.target(),
                refused.reason()));
    }

    /** One page, newest first, by keyset (see {@link AuditRepository#page}). */
    @Transactional(TxType.SUPPORTS)
    public List<AuditRecord> page(AuditFilter filter, Long before, Long after, int limit) {
        return records.page(filter, before, after, limit);
    }

    @Transactional(TxType.SUPPORTS)
    public boolean any(AuditFilter filter, Long above, Long below) {
        return records.any(filter, above, below);
    }

    /** The record, when the filter's visibility lets the caller read it. */
    @Transactional(TxType.SUPPORTS)
    public Optional<AuditRecord> find(AuditFilter visibility, long seq) {
        return records.find(seq).filter(r -> visibility.mayRead(r.getSiteId()));
    }

    @Transactional(TxType.SUPPORTS)
    public void forEach(AuditFilter filter, Consumer<AuditRecord> consumer) {
        records.forEach(filter, consumer);
    }

    @Transactional(TxType.SUPPORTS)
    public AuditChain.Verification verify() {
        return records.verify();
    }

    @Transactional(TxType.SUPPORTS)
    public AuditChain.SiteVerification verifySite(long siteId) {
        return records.verifySite(siteId);
    }
}
