package io.tenantlink.site;

import io.tenantlink.access.AccessPolicy;
import io.tenantlink.access.Permission;
import io.tenantlink.access.RoleGrant;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;

@ApplicationScoped
@Transactional
public class SiteService {

    @Inject
    SiteRepository sites;

    @Inject
    AuditLog auditLog;

    public Site create(String actor, String name) {
        Site site = new Site(name, actor);
        if (sites.nameTaken(site.getName(), null)) {
            throw new InvalidInputException("site.error.taken", site.getName());
        }
        sites.add(site);
        auditLog.record(AuditEntry.now(
                actor, AuditAction.SITE_CREATED, AuditOutcome.SUCCESS, site.getId(), "site " + site.getName(), null));
        return site;
    }

    public void rename(String actor, long siteId, String newName) {
        Site site = sites.find(siteId).orElseThrow();
        String before = site.getName();
        String wanted = Site.validName(newName);
        if (sites.nameTaken(wanted, siteId)) {
            throw new InvalidInputException("site.error.taken", wanted);
        }
        site.rename(wanted);
        if (!before.equals(site.getName())) {
            auditLog.record(AuditEntry.now(
                    actor,
                    AuditAction.SITE_RENAMED,
                    AuditOutcome.SUCCESS,
                    siteId,
                    "site " + site.getName(),
                    before + " -> " + site.getName()));
        }
    }

    /** The operator sets the site's plan; a downgrade keeps everything made under the higher plan. */
    public void changePlan(String actor, long siteId, SitePlan plan) {
        Site site = sites.find(siteId).orElseThrow();
        SitePlan before = site.getPlan();
        site.changePlan(plan);
        if (before != plan) {
            auditLog.record(AuditEntry.now(
                    actor,
                    AuditAction.SITE_PLAN_CHANGED,
                    AuditOutcome.SUCCESS,
                    siteId,
                    "site " + site.getName(),
                    before + " -> " + plan));
        }
    }

    /** Sites the caller may see: all for operators, otherwise those it holds a role on. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Site> visibleTo(AccessPolicy policy) {
        List<Long> ids = visibleIds(policy);
        return ids == null ? sites.findAll() : sites.findByIds(ids);
    }

    /**
     * One page of the sites the caller may see, ordered by name: those whose name contains {@code search} (null or
     * blank: all), page {@code number} (from 1; beyond the last page: the last page) of {@code size}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public SitePage visiblePage(AccessPolicy policy, String search, int number, int size) {
        List<Long> ids = visibleIds(policy);
        String wanted = search == null || search.isBlank() ? null : search.strip();
        long total = sites.count(ids, wanted);
        int pages = (int) Math.max(1, (total + size - 1) / size);
        int page = Math.min(Math.max(1, number), pages);
        List<Site> found = total == 0 ? List.of() : sites.page(ids, wanted, (page - 1) * size, size);
        return new SitePage(
                found.stream().map(SiteView::of).toList(), wanted, page, pages, total, (long) (page - 1) * size + 1);
    }

    /** Names of these sites by id (no entities loaded); ids of no site are left out. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Map<Long, String> namesOf(java.util.Collection<Long> ids) {
        return sites.namesOf(ids);
    }

    /** How many sites there are. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count() {
        return sites.count(null, null);
    }

    /** Every site's name by id, ordered by name, at most {@code max}. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Map<Long, String> names(int max) {
        return sites.names(max);
    }

    /** The site called {@code name}, ignoring case. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public java.util.Optional<Long> idByName(String name) {
        return sites.idByName(name);
    }

    /** The ids of the sites the caller holds a role on, or null for an operator, who sees every site. */
    private static List<Long> visibleIds(AccessPolicy policy) {
        if (policy.isOperator()) {
            return null;
        }
        return policy.grants().stream()
                .map(RoleGrant::siteId)
                .filter(id -> id != null)
                .filter(id -> policy.allowsOnSite(Permission.VIEW_SITE, id))
                .distinct()
                .toList();
    }
}
