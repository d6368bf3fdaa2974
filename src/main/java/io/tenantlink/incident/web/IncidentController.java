package io.tenantlink.incident.web;

import io.tenantlink.access.AccessGuard;
import io.tenantlink.access.Permission;
import io.tenantlink.account.ActorNames;
import io.tenantlink.incident.Incident;
import io.tenantlink.incident.IncidentChange;
import io.tenantlink.incident.IncidentPagePart;
import io.tenantlink.incident.IncidentService;
import io.tenantlink.incident.IncidentStatus;
import io.tenantlink.incident.IncidentViews;
import io.tenantlink.incident.IncidentViews.IncidentDetail;
import io.tenantlink.incident.IncidentViews.TimelineItem;
import io.tenantlink.incident.IncidentWorkflow;
import io.tenantlink.incident.Priority;
import io.tenantlink.incident.StakeholderUpdateService;
import io.tenantlink.incident.TimelineEntryType;
import io.tenantlink.people.PersonService;
import io.tenantlink.platform.InvalidInputException;
import io.tenantlink.platform.security.CurrentUser;
import io.tenantlink.platform.web.Flash;
import io.tenantlink.platform.web.Views;
import io.tenantlink.project.ProjectAccess;
import io.tenantlink.project.ProjectView;
import io.tenantlink.project.ServiceProject;
import io.tenantlink.site.PlanGates;
import io.tenantlink.site.Site;
import io.tenantlink.site.SiteRepository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.mvc.Controller;
import jakarta.mvc.Models;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A project's incidents: list (by status), create, detail with timeline, edit, notes and replies. */
@Controller
@Path("sites/{siteId}/projects/{projectId}/incidents")
@RequestScoped
public class IncidentController {

    @Inject
    Models models;

    /** Other features' parts of the incident page (Microsoft Teams). */
    @Inject
    @Any
    Instance<IncidentPagePart> pageParts;

    @Inject
    AccessGuard access;

    @Inject
    ProjectAccess projectAccess;

    @Inject
    SiteRepository sites;

    @Inject
    CurrentUser currentUser;

    @Inject
    IncidentService incidents;

    @Inject
    PersonService people;

    @Inject
    Flash flash;

    @Inject
    ActorNames actorNames;

    @Inject
    StakeholderUpdateService updates;

    @GET
    public String list(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @QueryParam("status") String status) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.VIEW_INCIDENTS);
        IncidentStatus filter = status == null || status.isEmpty() ? null : status(status);
        common(project);
        models.put("incidents", project.handlesIncidents() ? incidents.list(projectId, filter) : List.of());
        models.put("status", filter == null ? "" : filter.name());
        models.put("statuses", IncidentStatus.values());
        models.put("breadcrumbs", projectAccess.trail(project).hereKey("breadcrumbs.incidents"));
        return "incidents/list.html";
    }

    @GET
    @Path("new")
    public String newIncident(@PathParam("siteId") long siteId, @PathParam("projectId") long projectId) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        if (!project.handlesIncidents()) {
            throw new NotFoundException();
        }
        form(project, null, new IncidentChange("", "", Priority.P3, IncidentStatus.OPEN, null, null, null, false));
        return "incidents/form.html";
    }

    @POST
    public Response create(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @FormParam("summary") String summary,
            @FormParam("description") String description,
            @FormParam("priority") String priority,
            @FormParam("assignee") String assignee,
            @FormParam("responder") List<String> responders,
            @FormParam("stakeholder") List<String> stakeholders,
            @FormParam("major") String major) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        IncidentChange request = null;
        try {
            request = new IncidentChange(
                    summary,
                    description,
                    priority(priority),
                    IncidentStatus.OPEN,
                    id(assignee),
                    ids(responders),
                    ids(stakeholders),
                    major != null);
            IncidentDetail created = incidents.create(currentUser.actor(), project, request);
            flash.success("incident.created", created.key());
            return Views.redirect(base(project) + "/" + created.number());
        } catch (InvalidInputException problem) {
            form(project, null, request != null ? request : blank(summary, description));
            return Views.invalid(models, problem, "incidents/form.html");
        }
    }

    @GET
    @Path("{number}")
    public String show(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @PathParam("number") long number) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.VIEW_INCIDENTS);
        Incident incident = incidents.find(projectId, number).orElseThrow(NotFoundException::new);
        showIncident(project, incident);
        return "incidents/show.html";
    }

    @GET
    @Path("{number}/edit")
    public String edit(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @PathParam("number") long number) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incidents.find(projectId, number).orElseThrow(NotFoundException::new);
        form(project, incident, incident.current());
        return "incidents/form.html";
    }

    @POST
    @Path("{number}")
    public Response change(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @PathParam("number") long number,
            @FormParam("summary") String summary,
            @FormParam("description") String description,
            @FormParam("priority") String priority,
            @FormParam("status") String status,
            @FormParam("assignee") String assignee,
            @FormParam("responder") List<String> responders,
            @FormParam("stakeholder") List<String> stakeholders,
            @FormParam("major") String major) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incidents.find(projectId, number).orElseThrow(NotFoundException::new);
        IncidentChange request = null;
        try {
            request = new IncidentChange(
                    summary,
                    description,
                    priority(priority),
                    status(status),
                    id(assignee),
                    ids(responders),
                    ids(stakeholders),
                    major != null);
            incidents.change(currentUser.actor(), incident.getId(), request);
            flash.success("incident.changed", incident.getKey());
            return Views.redirect(base(project) + "/" + number);
        } catch (InvalidInputException problem) {
            form(project, incident, request != null ? request : incident.current());
            return Views.invalid(models, problem, "incidents/form.html");
        }
    }

    @POST
    @Path("{number}/notes")
    public Response addNote(
            @PathParam("siteId") long siteId,
            @PathParam("projectId") long projectId,
            @PathParam("number") long number,
            @FormParam("kind") String kind,
            @FormParam("body") String body) {
        ServiceProject project = projectAccess.requireProject(siteId, projectId, Permission.WORK_INCIDENTS);
        Incident incident = incidents.find(projectId, number).orElseThrow(NotFoundException::new);
        try {
            TimelineEntryType type = "REPLY".equals(kind) ? TimelineEntryType.REPLY : TimelineEntryType.NOTE;
            if (kind != null && !kind.equals("NOTE") && !kind.equals("REPLY")) {
                throw new InvalidInputException("incident.error.noteType");
            }
            incidents.addNote(currentUser.actor(), incident.getId(), type, body);
            flash.success(type == TimelineEntryType.REPLY ? "incident.replyAdded" : "incident.noteAdded");
            return Views.redirect(base(project) + "/" + number);
        } catch (InvalidInputException problem) {
            showIncident(project, incident);
            models.put("noteBody", body);
            return Views.invalid(models, problem, "incidents/show.html");
        }
    }

    private void showIncident(ServiceProject project, Incident incident) {
        common(project);
        IncidentDetail detail = incidents.detail(incident);
        models.put("incident", detail);
        List<TimelineItem> timeline = incidents.timeline(incident.getId());
        models.put("timeline", timeline);
        models.put("names", actorNames.named(IncidentViews.actors(detail, timeline)));
        models.put("deliveries", updates.deliveriesByEntry(incident.getId()));
        models.put("closed", IncidentWorkflow.isFinal(incident.getStatus()));
        boolean canWork = Boolean.TRUE.equals(models.get("canWork")); // decided once, in common()
        List<String> partTemplates = new ArrayList<>();
        for (IncidentPagePart part : pageParts) {
            Map<String, Object> values = new HashMap<>();
            part.contribute(project.getSiteId(), detail, canWork, values);
            values.forEach(models::put);
            partTemplates.add(part.template());
        }
        models.put("pageParts", partTemplates);
        models.put("breadcrumbs", projectAccess.incidentsTrail(project).here(detail.key() + " " + detail.summary()));
    }

    private void common(ServiceProject project) {
        long siteId = project.getSiteId();
        Site site = sites.find(siteId).orElseThrow();
        models.put("siteId", siteId);
        models.put("project", ProjectView.of(project));
        models.put("handlesIncidents", project.handlesIncidents());
        models.put("canWork", access.policy().allowsOnProject(Permission.WORK_INCIDENTS, siteId, project.getId()));
        models.put("plan", site.getPlan().name());
        models.put("majorAllowed", PlanGates.majorIncidents(site.getPlan()));
        models.put("majorPlan", PlanGates.lowestForMajorIncidents().name());
    }

    private void form(ServiceProject project, Incident incident, IncidentChange values) {
        common(project);
        models.put("incident", incident == null ? null : incidents.detail(incident));
        models.put("values", values);
        models.put("people", people.onSite(project.getSiteId()));
        models.put("priorities", Priority.values());
        models.put(
                "statuses",
                incident == null
                        ? List.of(IncidentStatus.OPEN.name())
                        : IncidentWorkflow.choices(incident.getStatus()).stream()
                                .map(Enum::name)
                                .toList());
        models.put("noteBody", "");
        models.put(
                "breadcrumbs",
                incident == null
                        ? projectAccess.incidentsTrail(project).hereKey("incident.create")
                        : projectAccess
                                .incidentTrail(project, incident.getNumber(), incident.getKey(), incident.getSummary())
                                .hereKey("incident.editAction"));
    }

    private static IncidentChange blank(String summary, String description) {
        return new IncidentChange(summary, description, Priority.P3, IncidentStatus.OPEN, null, null, null, false);
    }

    private static String base(ServiceProject project) {
        return "/sites/" + project.getSiteId() + "/projects/" + project.getId() + "/incidents";
    }

    private static Priority priority(String value) {
        try {
            return Priority.valueOf(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("incident.error.priority");
        }
    }

    private static IncidentStatus status(String value) {
        try {
            return IncidentStatus.valueOf(value);
        } catch (RuntimeException e) {
            throw new InvalidInputException("incident.error.status");
        }
    }

    private static Long id(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("incident.error.person");
        }
    }

    private static List<Long> ids(List<String> values) {
        List<Long> result = new ArrayList<>();
        if (values != null) {
            for (String value : values) {
                Long id = id(value);
                if (id != null) {
                    result.add(id);
                }
            }
        }
        return result;
    }
}
