package io.tenantlink.project;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Breadcrumbs;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteAccess;
import io.tenantlink.site.SiteRepository;
import io.tenantlink.site.SiteView;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

@Controller
@Path("sites/{siteId}/projects")
@RequestScoped
public class ProjectController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    SiteAccess siteAccess;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    ProjectService projectService;

    @Inject
    Flash flash;

    @Inject
    SiteRepository sites;

    @GET
    @Path("new")
    public String newProject(@PathParam("siteId") long siteId) {
        Site site = siteAccess.requireSite(siteId, Permission.CREATE_PROJECT);
        form(site, "", "", PlanTier.STANDARD, EnumSet.of(WorkCategory.SERVICE_REQUESTS, WorkCategory.INCIDENTS));
        return "projects/new.html";
    }

    @POST
    public Response create(
            @PathParam("siteId") long siteId,
            @FormParam("name") String name,
            @FormParam("key") String key,
            @FormParam("planTier") String planTier,
            @FormParam("workCategory") List<String> categories) {
        Site site = siteAccess.requireSite(siteId, Permission.CREATE_PROJECT);
        try {
            ServiceProject project = projectService.create(
                    currentUser.actor(), siteId, name, key, tier(planTier), categories(categories));
            flash.success("project.created", project.getKey());
            return Views.redirect("/sites/" + siteId + "/projects/" + project.getId());
        } catch (InvalidInputException problem) {
            form(site, name, key, null, EnumSet.noneOf(WorkCategory.class));
            models.put("planTier", planTier);
            models.put("selected", categories == null ? List.of() : categories);
            return Views.invalid(models, problem, "projects/new.html");
        }
    }

    @GET
    @Path("{projectId}")
    public String show(@PathParam("siteId") long siteId, @PathParam("projectId") long projectId) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.VIEW_PROJECT);
        showProject(project);
        return "projects/show.html";
    }

    @POST
    @Path("{projectId}")
    public Response change(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @FormParam("name") String name,
            @FormParam("planTier") String planTier,
            @FormParam("workCategory") List<String> categories) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.EDIT_PROJECT);
        try {
            projectService.change(currentUser.actor(), projectId, name, tier(planTier), categories(categories));
            flash.success("project.changed", project.getKey());
            return Views.redirect("/sites/" + siteId + "/projects/" + projectId);
        } catch (InvalidInputException problem) {
            showProject(project);
            models.put("name", name);
            models.put("planTier", planTier);
            models.put("selected", categories == null ? List.of() : categories);
            return Views.invalid(models, problem, "projects/show.html");
        }
    }

    private void showProject(ServiceProject project) {
        long siteId = project.getSiteId();
        String siteName = sites.find(siteId).map(Site::getName).orElse("");
        models.put("breadcrumbs", Breadcrumbs.site(siteId, siteName).here(project.getName()));
        models.put("project", ProjectView.of(project));
        models.put("siteId", siteId);
        models.put("canEdit", access.policy().allowsOnProject(Permission.EDIT_PROJECT, siteId, project.getId()));
        models.put(
                "canSeeIncidents",
                project.handlesIncidents()
                        && access.policy().allowsOnProject(Permission.VIEW_INCIDENTS, siteId, project.getId()));
        models.put("name", project.getName());
        models.put("planTier", project.getPlanTier().name());
        models.put(
                "selected", project.getWorkCategories().stream().map(Enum::name).toList());
        models.put("tiers", PlanTier.values());
        models.put("categories", WorkCategory.values());
    }

    private void form(Site site, String name, String key, PlanTier tier, Set<WorkCategory> selected) {
        models.put("site", SiteView.of(site));
        models.put("breadcrumbs", Breadcrumbs.site(site.getId(), site.getName()).hereKey("project.create"));
        models.put("name", name);
        models.put("key", key);
        models.put("planTier", tier == null ? null : tier.name());
        models.put("selected", selected.stream().map(Enum::name).toList());
        models.put("tiers", PlanTier.values());
        models.put("categories", WorkCategory.values());
    }

    private static PlanTier tier(String value) {
        try {
            return PlanTier.valueOf(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("project.error.tier");
        }
    }

    private static Set<WorkCategory> categories(List<String> values) {
        Set<WorkCategory> result = EnumSet.noneOf(WorkCategory.class);
        if (values != null) {
            for (String value : values) {
                try {
                    result.add(WorkCategory.valueOf(value));
                } catch (IllegalArgumentException e) {
                    throw new InvalidInputException("project.error.categories");
                }
            }
        }
        return result;
    }
}
