package io.tenantlink.audit;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

public interface AuditRepository {
    /** Appends under the chain-head lock, in the caller's transaction. */
    AuditRecord append(AuditEntry entry);

    /**
     * One page of matching records, newest first, by keyset: with {@code before}, records numbered below it; with
     * {@code after}, the {@code limit} records numbered just above it. Never an OFFSET, never a count.
     */
    List<AuditRecord> page(AuditFilter filter, Long before, Long after, int limit);

    /** Whether any matching record is numbered above {@code above} (or below {@code below}), reading one row at most. */
    boolean any(AuditFilter filter, Long above, Long below);

    Optional<AuditRecord> find(long seq);

    /** Streams every record matching the filter in sequence order, a page at a time (keyset). */
    void forEach(AuditFilter filter, Consumer<AuditRecord> consumer);

    /** Streams the whole chain in sequence order and compares it with the head. */
    AuditChain.Verification verify();

    /** Checks one site's records and their links to the records just before them. */
    AuditChain.SiteVerification verifySite(long siteId);
}
