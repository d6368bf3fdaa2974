package io.tenantlink.audit;

import java.time.Instant;
import java.util.Set;

/**
 * What an auditor asked to see. {@code visibleSites} is decided by the access policy: records of other sites are never
 * read; {@code includeGlobal} adds records with no site; {@code everySite} (the access policy lets the caller read every
 * site's records, operators) reads the records of every site, also of sites made later, and then {@code visibleSites}
 * is not consulted: the query needs no list of sites. Every other part is optional (null: any): the site, the
 * Microsoft tenant id, the app or feature (as records carry it, see {@link AuditApp}), text found in the actor, the
 * event, the outcome, the time range [from, to), text found in the subject or detail, and one exact subject.
 */
public record AuditFilter(
        Set<Long> visibleSites,
        boolean includeGlobal,
        Long siteId,
        String tenantId,
        AuditApp app,
        String actor,
        AuditAction action,
        AuditOutcome outcome,
        Instant from,
        Instant to,
        String text,
        String subject,
        boolean everySite) {

    public AuditFilter {
        visibleSites = Set.copyOf(visibleSites);
    }

    /** Without {@code everySite}: the sites listed. */
    public AuditFilter(
            Set<Long> visibleSites,
            boolean includeGlobal,
            Long siteId,
            String tenantId,
            AuditApp app,
            String actor,
            AuditAction action,
            AuditOutcome outcome,
            Instant from,
            Instant to,
            String text,
            String subject) {
        this(
                visibleSites,
                includeGlobal,
                siteId,
                tenantId,
                app,
                actor,
                action,
                outcome,
                from,
                to,
                text,
                subject,
                false);
    }

    /** Everything the caller may read, nothing else asked. */
    public static AuditFilter visible(Set<Long> visibleSites, boolean includeGlobal) {
        return new AuditFilter(visibleSites, includeGlobal, null, null, null, null, null, null, null, null, null, null);
    }

    /** Whether a record of this site (null: of no site) is one the caller may read. */
    public boolean mayRead(Long recordSite) {
        return recordSite == null ? includeGlobal : everySite || visibleSites.contains(recordSite);
    }

    /** The same filter for a caller who may read every site's records. */
    public AuditFilter readingEverySite() {
        return new AuditFilter(
                visibleSites,
                includeGlobal,
                siteId,
                tenantId,
                app,
                actor,
                action,
                outcome,
                from,
                to,
                text,
                subject,
                true);
    }

    public AuditFilter withTenant(String tenant) {
        return new AuditFilter(
                visibleSites, includeGlobal, null, tenant, null, null, null, null, null, null, null, null, everySite);
    }

    public AuditFilter withSubject(String exactSubject) {
        return new AuditFilter(
                visibleSites,
                includeGlobal,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                exactSubject,
                everySite);
    }
}
