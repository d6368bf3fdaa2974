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
        if (policy.isOperator()) {
            return sites.findAll();
        }
        List<Long> ids = policy.grants().stream()
                .map(RoleGrant::siteId)
                .filter(id -> id != null)
                .filter(id -> policy.allowsOnSite(Permission.VIEW_SITE, id))
                .distinct()
                .toList();
        return sites.findByIds(ids);
    }
}
