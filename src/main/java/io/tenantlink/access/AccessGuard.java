package io.tenantlink.access;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;

import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.project.ProjectRepository;
import io.tenantlink.project.ServiceProject;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;

/**
 * Applies the {@link AccessPolicy} to the current request. Objects the caller may not even see
 * answer 404, so their existence does not leak; objects it sees but may not change answer 403,
 * and the refusal is audited.
 */
@RequestScoped
@Named("access")
public class AccessGuard {

    @Inject
    CurrentUser currentUser;

    @Inject
    RoleRepository roles;

    @Inject
    SiteRepository sites;

    @Inject
    ProjectRepository projects;

    @Inject
    AuditLog auditLog;

    private AccessPolicy policy;

    public AccessPolicy policy() {
        if (policy == null) {
            policy = currentUser.sessionUser()
                    .map(u -> new AccessPolicy(roles.findByAccount(u.accountId()).stream().map(RoleAssignment::grant).toList()))
                    .orElseGet(() -> new AccessPolicy(List.of()));
        }
        return policy;
    }

    /** For templates: whether to show a global action. */
    public boolean can(String permission) {
        return policy().allows(Permission.valueOf(permission));
    }

    public void require(Permission permission) {
        if (!policy().allows(permission)) {
            refuse(permission, null, "global");
            throw new NotFoundException();
        }
    }

    public Site requireSite(long siteId, Permission permission) {
        Site site = sites.find(siteId).filter(s -> policy().allowsOnSite(Permission.VIEW_SITE, siteId))
                .orElseThrow(NotFoundException::new);
        if (!policy().allowsOnSite(permission, siteId)) {
            refuse(permission, siteId, "site " + siteId);
            throw new ForbiddenException();
        }
        return site;
    }

    public ServiceProject requireProject(long siteId, long projectId, Permission permission) {
        ServiceProject project = projects.find(projectId)
                .filter(p -> p.getSiteId() == siteId)
                .filter(p -> policy().allowsOnProject(Permission.VIEW_PROJECT, siteId, projectId))
                .orElseThrow(NotFoundException::new);
        if (!policy().allowsOnProject(permission, siteId, projectId)) {
            refuse(permission, siteId, "project " + projectId);
            throw new ForbiddenException();
        }
        return project;
    }

    private void refuse(Permission permission, Long siteId, String target) {
        auditLog.recordAlone(AuditEntry.now(currentUser.actor(), AuditAction.ACCESS_REFUSED, AuditOutcome.REFUSED,
                siteId, target, permission.name()));
    }
}
