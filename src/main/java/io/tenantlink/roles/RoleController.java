package io.tenantlink.roles;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.access.Role;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.project.ProjectService;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** Who holds which role on a site and its projects; site admins and operators assign and remove them. */
@Controller
@Path("sites/{siteId}/roles")
@RequestScoped
public class RoleController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    RoleService roleService;

    @Inject
    ProjectService projectService;

    @Inject
    Flash flash;

    @Inject
    io.tenantlink.account.ActorNames actorNames;

    @GET
    public String list(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.VIEW_SITE);
        if (!access.policy().seesAllProjectsOf(siteId)) {
            throw new NotFoundException();
        }
        show(site);
        return "sites/roles.html";
    }

    @POST
    public Response assign(
            @PathParam("siteId") long siteId,
            @FormParam("username") String username,
            @FormParam("role") String role,
            @FormParam("projectId") Long projectId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_SITE_ROLES);
        try {
            roleService.assign(currentUser.actor(), access.policy(), siteId, username, parseRole(role), projectId);
            flash.success("role.assigned", username == null ? "" : username.strip());
            return Views.redirect("/sites/" + siteId + "/roles");
        } catch (InvalidInputException problem) {
            show(site);
            models.put("username", username);
            return Views.invalid(models, problem, "sites/roles.html");
        }
    }

    @GET
    @Path("{assignmentId}/remove")
    public String confirmRemove(@PathParam("siteId") long siteId, @PathParam("assignmentId") long assignmentId) {
        Site site = siteAccess.requireSite(siteId, Permission.MANAGE_SITE_ROLES);
        models.put("site", SiteView.of(site));
        models.put("assignment", roleService.find(siteId, assignmentId).orElseThrow(NotFoundException::new));
        models.put(
                "breadcrumbs",
                io.tenantlink.platform.web.Breadcrumbs.sites()
                        .link(site.getName(), "/sites/" + siteId)
                        .key("roles.title", "/sites/" + siteId + "/roles", site.getName())
                        .hereKey("roles.remove.title"));
        return "sites/role-remove.html";
    }

    @POST
    @Path("{assignmentId}/remove")
    public Response remove(@PathParam("siteId") long siteId, @PathParam("assignmentId") long assignmentId) {
        siteAccess.requireSite(siteId, Permission.MANAGE_SITE_ROLES);
        RoleService.AssignmentView assignment =
                roleService.find(siteId, assignmentId).orElseThrow(NotFoundException::new);
        roleService.remove(currentUser.actor(), siteId, assignmentId);
        flash.success("role.removed", assignment.username());
        return Views.redirect("/sites/" + siteId + "/roles");
    }

    private void show(Site site) {
        models.put("site", SiteView.of(site));
        models.put(
                "breadcrumbs",
                io.tenantlink.platform.web.Breadcrumbs.sites()
                        .link(site.getName(), "/sites/" + site.getId())
                        .hereKey("roles.title", site.getName()));
        var assignments = roleService.onSite(site.getId());
        models.put("assignments", assignments);
        models.put(
                "names",
                actorNames.named(assignments.stream()
                        .map(RoleService.AssignmentView::createdBy)
                        .toList()));
        models.put("assignable", access.policy().assignableRolesOnSite(site.getId()));
        models.put("projects", projectService.visibleOnSite(access.policy(), site.getId()));
        models.put("canManage", access.policy().allowsOnSite(Permission.MANAGE_SITE_ROLES, site.getId()));
    }

    private static Role parseRole(String value) {
        try {
            return Role.valueOf(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("role.error.role");
        }
    }
}
