package io.tenantlink.project;

import io.tenantlink.access.AccessPolicy;
import io.tenantlink.access.Permission;
import io.tenantlink.audit.AuditAction;
import io.tenantlink.audit.AuditEntry;
import io.tenantlink.audit.AuditLog;
import io.tenantlink.audit.AuditOutcome;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.site.SiteProjects;
import io.tenantlink.site.SiteProjects.ProjectRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Set;

@ApplicationScoped
@Transactional
public class ProjectService implements SiteProjects {

    @Inject
    ProjectRepository projects;

    @Inject
    AuditLog auditLog;

    public ServiceProject create(
            String actor, long siteId, String name, String key, PlanTier tier, Set<WorkCategory> categories) {
        ServiceProject project = new ServiceProject(siteId, name, key, tier, categories);
        if (projects.keyTaken(siteId, project.getKey())) {
            throw new InvalidInputException("project.error.keyTaken", project.getKey());
        }
        projects.add(project);
        auditLog.record(AuditEntry.now(
                actor,
                AuditAction.PROJECT_CREATED,
                AuditOutcome.SUCCESS,
                siteId,
                "project " + project.getKey(),
                describe(project)));
        return project;
    }

    public void change(String actor, long projectId, String name, PlanTier tier, Set<WorkCategory> categories) {
        ServiceProject project = projects.find(projectId).orElseThrow();
        String before = describe(project);
        project.change(name, tier, categories);
        String after = describe(project);
        if (!before.equals(after)) {
            auditLog.record(AuditEntry.now(
                    actor,
                    AuditAction.PROJECT_CHANGED,
                    AuditOutcome.SUCCESS,
                    project.getSiteId(),
                    "project " + project.getKey(),
                    before + " -> " + after));
        }
    }

    /** Projects of the site the caller may see: all of them, or for a project admin only its own. */
    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProjectRow> visibleOnSite(AccessPolicy policy, long siteId) {
        return projects.findBySite(siteId).stream()
                .filter(p -> policy.allowsOnProject(Permission.VIEW_PROJECT, siteId, p.getId()))
                .map(p -> new ProjectRow(
                        p.getId(),
                        p.getKey(),
                        p.getName(),
                        p.getPlanTier().name(),
                        p.getWorkCategories().stream().map(Enum::name).sorted().toList()))
                .toList();
    }

    private static String describe(ServiceProject project) {
        return project.getName() + "; " + project.getPlanTier() + "; "
                + new java.util.TreeSet<>(project.getWorkCategories());
    }
}
