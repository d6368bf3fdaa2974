package io.tenantlink.preference;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Project settings → Operations → Incident management → Communication preferences: the project's
 * Microsoft Teams switch and, when the site has several ACTIVE tenants, which one it uses. Project
 * admins of the project and site admins change it (EDIT_PROJECT); whoever may see the project reads it.
 */
@Controller
@Path("sites/{siteId}/projects/{projectId}/settings/incident-management")
@RequestScoped
public class CommunicationPreferencesController {

    static final String VIEW = "projects/incident-management.html";

    @Inject
    Models models;

    @Inject
    AccessGuard access;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    TeamsAvailability availability;

    @Inject
    TeamsPreferenceService preferences;

    @Inject
    Flash flash;

    @GET
    public String show(@PathParam("siteId") long siteId, @PathParam("projectId") long projectId) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.VIEW_PROJECT);
        showPage(project);
        return VIEW;
    }

    /** Binds exactly the two fields of the form; anything else posted is ignored. */
    @POST
    public Response save(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @FormParam("teamsEnabled") String teamsEnabled,
            @FormParam("connectionId") String connectionId) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.EDIT_PROJECT);
        try {
            TeamsPreferenceService.Outcome outcome = preferences.change(
                    currentUser.actor(), projectId, parseSwitch(teamsEnabled), parseConnectionId(connectionId));
            if (outcome == TeamsPreferenceService.Outcome.CHANGED) {
                flash.success("teams.saved", project.getKey());
            } else {
                flash.success("teams.unchanged");
            }
            return Views.redirect("/sites/" + siteId + "/projects/" + projectId + "/settings/incident-management");
        } catch (InvalidInputException problem) {
            showPage(project);
            return Views.invalid(models, problem, VIEW);
        }
    }

    private void showPage(ServiceProject project) {
        long siteId = project.getSiteId();
        TeamsDecision decision = availability.decisionFor(project);
        models.put("breadcrumbs", projectAccess.trail(project).hereKey("teams.prefs.title"));
        models.put("project", ProjectView.of(project));
        models.put("siteId", siteId);
        models.put("decision", TeamsDecisionView.of(decision));
        models.put("answer", TeamsDecisionView.AnswerView.of(decision.answer()));
        models.put("canEdit", access.policy().allowsOnProject(Permission.EDIT_PROJECT, siteId, project.getId()));
        models.put("canManageConnections", access.policy().allowsOnSite(Permission.MANAGE_CONNECTIONS, siteId));
    }

    /** The switch as the form sends it: exactly "true" or "false". */
    static boolean parseSwitch(String value) {
        if ("true".equals(value)) {
            return true;
        }
        if ("false".equals(value)) {
            return false;
        }
        throw new InvalidInputException("teams.error.switch");
    }

    /** Absent or empty: keep the connection in use; otherwise a connection id (checked by the service). */
    static Long parseConnectionId(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidInputException("teams.error.connection");
        }
        return Long.valueOf(value);
    }
}
