package io.tenantlink.audit;

import java.time.Instant;
import java.util.Set;

/**
 * What an auditor asked to see. {@code visibleSites} is decided by the access policy:
 * records of other sites are never read; {@code includeGlobal} adds records with no site.
 */
public record AuditFilter(
        Set<Long> visibleSites, boolean includeGlobal, Long siteId, AuditAction action, Instant from, Instant to) {}
