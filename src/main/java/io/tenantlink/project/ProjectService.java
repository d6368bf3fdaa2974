package io.tenantlink.project;

import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.tenantlink.access.AccessPolicy;
import io.tenantlink.access.Permission;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;

@ApplicationScoped
@Transactional
public class ProjectService {

    @Inject
    ProjectRepository projects;

    @Inject
    AuditLog auditLog;

    public ServiceProject create(String actor, long siteId, String name, String key, PlanTier tier,
                                 Set<WorkCategory> categories) {
        ServiceProject project = new ServiceProject(siteId, name, key, tier, categories);
        if (projects.keyTaken(siteId, project.getKey())) {
            throw new InvalidInputException("project.error.keyTaken", project.getKey());
        }
        projects.add(project);
        auditLog.record(AuditEntry.now(actor, AuditAction.PROJECT_CREATED, AuditOutcome.SUCCESS,
                siteId, "project " + project.getKey(), describe(project)));
        return project;
    }

    public void change(String actor, long projectId, String name, PlanTier tier, Set<WorkCategory> categories) {
        ServiceProject project = projects.find(projectId).orElseThrow();
        String before = describe(project);
        project.change(name, tier, categories);
        String after = describe(project);
        if (!before.equals(after)) {
            auditLog.record(AuditEntry.now(actor, AuditAction.PROJECT_CHANGED, AuditOutcome.SUCCESS,
                    project.getSiteId(), "project " + project.getKey(), before + " -> " + after));
        }
    }

    /** Projects of the site the caller may see: all of them, or for a project admin only its own. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ServiceProject> visibleOnSite(AccessPolicy policy, long siteId) {
        return projects.findBySite(siteId).stream()
                .filter(p -> policy.allowsOnProject(Permission.VIEW_PROJECT, siteId, p.getId()))
                .toList();
    }

    private static String describe(ServiceProject project) {
        return project.getName() + "; " + project.getPlanTier() + "; " + new java.util.TreeSet<>(project.getWorkCategories());
    }
}
