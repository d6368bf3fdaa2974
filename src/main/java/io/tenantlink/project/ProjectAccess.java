package io.tenantlink.project;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** A project of a site the caller may act on with a permission, or the refusal, by {@link AccessGuard}. */
@RequestScoped
public class ProjectAccess {

    @Inject
    AccessGuard access;

    @Inject
    ProjectRepository projects;

    public ServiceProject requireProject(long siteId, long projectId, Permission permission) {
        return access.requireOnProject(
                siteId, projectId, permission, () -> projects.find(projectId).filter(p -> p.getSiteId() == siteId));
    }
}
