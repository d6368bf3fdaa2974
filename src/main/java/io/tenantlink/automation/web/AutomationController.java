package io.tenantlink.automation.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.automation.AutomationRule;
import io.tenantlink.automation.AutomationService;
import io.tenantlink.automation.AutomationViews.RuleView;
import io.tenantlink.incident.Priority;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.project.ProjectAccess;
import io.tenantlink.project.ProjectView;
import io.tenantlink.project.ServiceProject;
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
import java.util.Arrays;
import java.util.Map;

/**
 * An Incidents project's automation rules: the list (with whether the tenant lets each run, and its last runs), a form
 * to add one, and removing one with confirmation. Project and site admins manage; whoever sees the project reads.
 */
@Controller
@Path("sites/{siteId}/projects/{projectId}/automation")
@RequestScoped
public class AutomationController {

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    AutomationService automation;

    @Inject
    CurrentUser currentUser;

    @Inject
    Flash flash;

    @PathParam("siteId")
    long siteId;

    @PathParam("projectId")
    long projectId;

    @GET
    public String list() {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.VIEW_PROJECT);
        page(project, Map.of());
        return "automation/list.html";
    }

    @POST
    public Response add(
            @FormParam("name") String name,
            @FormParam("onCreated") String onCreated,
            @FormParam("onChanged") String onChanged,
            @FormParam("maxPriority") String maxPriority,
            @FormParam("majorOnly") String majorOnly,
            @FormParam("participants") String participants,
            @FormParam("createChat") String createChat,
            @FormParam("updateText") String updateText) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.EDIT_PROJECT);
        Map<String, Object> form = Map.of(
                "name", name == null ? "" : name,
                "participants", participants == null ? "" : participants,
                "updateText", updateText == null ? "" : updateText,
                "maxPriority", maxPriority == null ? "P2" : maxPriority);
        try {
            automation.add(
                    currentUser.actor(),
                    siteId,
                    projectId,
                    new AutomationRule.Definition(
                            name,
                            "on".equals(onCreated),
                            "on".equals(onChanged),
                            priority(maxPriority),
                            "on".equals(majorOnly),
                            participants,
                            "on".equals(createChat),
                            updateText));
        } catch (InvalidInputException problem) {
            page(project, form);
            return Views.invalid(models, problem, "automation/list.html");
        }
        flash.success("automation.added", name.strip());
        return Views.redirect(path());
    }

    @GET
    @Path("{ruleId}/remove")
    public String confirmRemove(@PathParam("ruleId") long ruleId) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.EDIT_PROJECT);
        models.put("siteId", siteId);
        models.put("project", ProjectView.of(project));
        models.put("rule", rule(ruleId));
        models.put(
                "breadcrumbs",
                projectAccess
                        .trail(project)
                        .key("breadcrumbs.automation", path())
                        .hereKey("automation.remove.title"));
        return "automation/remove.html";
    }

    @POST
    @Path("{ruleId}/remove")
    public Response remove(@PathParam("ruleId") long ruleId) {
        projectAccess.requireProject(siteId, projectId, Permission.EDIT_PROJECT);
        RuleView rule = rule(ruleId);
        if (automation.remove(currentUser.actor(), projectId, ruleId)) {
            flash.success("automation.removed", rule.name());
        }
        return Views.redirect(path());
    }

    private void page(ServiceProject project, Map<String, Object> form) {
        models.put("breadcrumbs", projectAccess.trail(project).hereKey("breadcrumbs.automation"));
        models.put("siteId", siteId);
        models.put("project", ProjectView.of(project));
        models.put("rules", automation.views(siteId, projectId));
        models.put("canEdit", access.policy().allowsOnProject(Permission.EDIT_PROJECT, siteId, projectId));
        models.put(
                "priorities",
                Arrays.stream(Priority.values()).map(Priority::name).toList());
        models.put("form", form);
    }

    private RuleView rule(long ruleId) {
        return automation.rule(siteId, projectId, ruleId).orElseThrow(NotFoundException::new);
    }

    private static Priority priority(String value) {
        try {
            return value == null ? null : Priority.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("automation.error.priority");
        }
    }

    private String path() {
        return "/sites/" + siteId + "/projects/" + projectId + "/automation";
    }
}
