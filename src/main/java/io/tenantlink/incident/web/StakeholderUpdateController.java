package io.tenantlink.incident.web;

import io.tenantlink.access.Permission;
import io.tenantlink.account.Account;
import io.tenantlink.account.AccountRepository;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.IncidentWorkflow;
import io.tenantlink.incident.StakeholderUpdateRules;
import io.tenantlink.incident.StakeholderUpdateService;
import io.tenantlink.incident.StakeholderUpdateViews.UpdateView;
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

/**
 * Compose and send a stakeholder update (people with WORK_INCIDENTS on the project): the compose page lists who will
 * be e-mailed and says when nobody will be (no stakeholders, SMTP not configured, a closed incident). The text area is
 * named {@code body}, one of the fields TextInputFilter lets keep line breaks.
 */
@Controller
@Path("sites/{siteId}/projects/{projectId}/incidents/{number}/updates")
@RequestScoped
public class StakeholderUpdateController {

    @Inject
    Models models;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    CurrentUser currentUser;

    @Inject
    AccountRepository accounts;

    @Inject
    IncidentService incidents;

    @Inject
    StakeholderUpdateService updates;

    @Inject
    Flash flash;

    @GET
    @Path("new")
    public String compose(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @PathParam("number") long number) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incidents.find(projectId, number).orElseThrow(NotFoundException::new);
        page(project, incident, "");
        return "incidents/update.html";
    }

    @POST
    public Response send(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @PathParam("number") long number,
            @FormParam("body") String text) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incidents.find(projectId, number).orElseThrow(NotFoundException::new);
        try {
            UpdateView posted = updates.post(currentUser.actor(), authorName(), incident.getId(), text);
            if (posted.recipients().isEmpty()) {
                flash.success("update.posted.noStakeholders");
            } else if (!updates.mailConfigured()) {
                flash.success("update.posted.notConfigured");
            } else {
                flash.success("update.posted", posted.recipients().size());
            }
            return Views.redirect(StakeholderUpdateRules.incidentPath(siteId, projectId, number));
        } catch (InvalidInputException problem) {
            page(project, incident, text);
            return Views.invalid(models, problem, "incidents/update.html");
        }
    }

    private String authorName() {
        return accounts.find(currentUser.accountId())
                .map(Account::getDisplayName)
                .filter(name -> !name.isBlank())
                .orElse(currentUser.username());
    }

    private void page(ServiceProject project, Incident incident, String text) {
        models.put("siteId", project.getSiteId());
        models.put("project", ProjectView.of(project));
        models.put("incident", incidents.detail(incident));
        models.put("closed", IncidentWorkflow.isFinal(incident.getStatus()));
        models.put("stakeholders", updates.stakeholders(incident));
        models.put("mailConfigured", updates.mailConfigured());
        models.put("maxText", StakeholderUpdateRules.MAX_TEXT);
        models.put("text", text == null ? "" : text);
        models.put(
                "breadcrumbs",
                projectAccess
                        .incidentTrail(project, incident.getNumber(), incident.getKey(), incident.getSummary())
                        .hereKey("update.title", incident.getKey()));
    }
}
