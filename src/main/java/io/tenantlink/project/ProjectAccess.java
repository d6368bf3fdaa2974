package io.tenantlink.project;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** A project of a site the caller may act on with a permission, or the refusal, by {@link AccessGuard}. */
@RequestScoped
public class ProjectAccess {

    @Inject
    AccessGuard access;

    @Inject
    ProjectRepository projects;

    @Inject
    SiteRepository sites;

    public ServiceProject requireProject(long siteId, long projectId, Permission permission) {
        return access.requireOnProject(
                siteId, projectId, permission, () -> projects.find(projectId).filter(p -> p.getSiteId() == siteId));
    }

    /** Sites › the project's site › the project: where a project page's breadcrumbs start. */
    public Breadcrumbs trail(ServiceProject project) {
        long siteId = project.getSiteId();
        String siteName = sites.find(siteId).map(Site::getName).orElse("");
        return Breadcrumbs.project(siteId, siteName, project.getId(), project.getName());
    }

    /** … › the project › Incidents. */
    public Breadcrumbs incidentsTrail(ServiceProject project) {
        return trail(project)
                .key(
                        "breadcrumbs.incidents",
                        "/sites/" + project.getSiteId() + "/projects/" + project.getId() + "/incidents");
    }

    /** … › Incidents › the incident (its key and summary). */
    public Breadcrumbs incidentTrail(ServiceProject project, long number, String key, String summary) {
        return incidentsTrail(project)
                .link(
                        key + " " + summary,
                        "/sites/" + project.getSiteId() + "/projects/" + project.getId() + "/incidents/" + number);
    }
}
