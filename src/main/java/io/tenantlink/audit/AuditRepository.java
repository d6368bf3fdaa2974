package io.tenantlink.audit;

import java.util.List;
import java.util.function.Consumer;

public interface AuditRepository {
    /** Appends under the chain-head lock, in the caller's transaction. */
    AuditRecord append(AuditEntry entry);

    List<AuditRecord> search(AuditFilter filter, int offset, int limit);

    long count(AuditFilter filter);

    /** Streams every record matching the filter in sequence order, a page at a time. */
    void forEach(AuditFilter filter, Consumer<AuditRecord> consumer);

    /** Streams the whole chain in sequence order and compares it with the head. */
    AuditChain.Verification verify();
}
